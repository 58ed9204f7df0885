import { expect } from 'chai';
import { apiThroughputFixture, fixtureRun, HOSTILE_LABEL, workspaceCreationFixture } from './fixtures.js';
import { renderHtml } from './html.js';
import { buildScaleReport } from './report.js';

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'col', 'wbr']);

/** Every element closed, in order; throws naming the first one that is not. */
function checkBalanced(html: string): void {
  const stack: string[] = [];
  for (const [tag, closing, name, selfClosing] of html.matchAll(
    /<(\/?)([a-zA-Z][\w:-]*)(?:\s[^>]*?)?(\/?)>/g,
  )) {
    const element = name!.toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== element) throw new Error(`${tag} closes <${open}>`);
    } else if (!selfClosing && !VOID.has(element)) {
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(' > ')}`);
}

describe('scale report: index.html', function () {
  // Rendering charts with vega takes a few hundred milliseconds per report.
  this.timeout(20_000);

  let html: string;
  before(async () => {
    const results = [
      ...fixtureRun({ label: 'reference-sqlite' }),
      ...fixtureRun({ label: 'kcp-v0.32', slowdown: 2 }),
      workspaceCreationFixture({ label: HOSTILE_LABEL, partial: true }),
      { ...apiThroughputFixture({ label: 'kube' }), tenancy: 'namespaces' as const },
    ];
    const loaded = results.map((result, index) => ({ file: `results/${index}.json`, result }));
    html = renderHtml(await buildScaleReport(loaded, new Date('2026-01-02T00:00:00Z')));
  });

  it('is well-formed enough: every element, and every <svg>, closed', () => {
    checkBalanced(html);
    const opened = html.match(/<svg\b/g)?.length ?? 0;
    expect(opened).to.be.greaterThan(0);
    expect(html.match(/<\/svg>/g)?.length).to.equal(opened);
  });

  it('escapes labels everywhere, charts included', () => {
    expect(html).not.to.contain('<b>');
    expect(html).to.contain('&lt;b&gt;&quot;kcp&quot; &amp; &#39;co&#39;&lt;/b&gt; | *x* [y]');
    // vega escapes the text it draws (legends) by itself.
    expect(html).to.match(/<text[^>]*>&lt;b&gt;"kcp" &amp; 'co'&lt;\/b&gt; \| \*x\* \[y\]<\/text>/);
  });

  it('references no external asset: only the SVG namespaces are URLs', () => {
    for (const [, attribute] of html.matchAll(/([\w:-]+)\s*=\s*["']\s*(?:https?:)?\/\//g))
      expect(attribute, `${attribute}= holds a URL`).to.match(/^xmlns(:\w+)?$/);
    expect(html).not.to.match(/<(script|link|img|iframe|object|embed)\b/i);
    expect(html).not.to.match(/url\(\s*['"]?(https?:)?\/\//i);
    expect(html).not.to.match(/@import|@font-face/i);
  });

  it('keeps chart ids unique across the inlined SVGs', () => {
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.length).to.be.greaterThan(0);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const [, target] of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).to.include(target);
  });

  it('says what was measured, where, with which parameters, and compares the runs', () => {
    expect(html).to.contain('<h2>Workspace creation <code class="muted">workspace-creation</code></h2>');
    expect(html).to.contain('<h3>Where and on what</h3>');
    expect(html).to.contain('reference server (pid 4242) in /tmp/kh-fixture');
    expect(html).to.contain('<td><code>concurrency</code></td>');
    expect(html).to.contain('<h3>Comparison of headline metrics</h3>');
    expect(html).to.contain('Changes are against reference-sqlite');
    expect(html).to.match(/<td class="num worse">80 ms<span class="note">\+100.0%<\/span><\/td>/);
    expect(html).to.contain('<h3>Latency percentiles</h3>');
    expect(html).to.contain('<strong>Partial:</strong>');
    expect(html).to.contain('Settled when RSS changed by less than 1% over 5 s.');
  });

  it('says where each run put its units, and calls out runs that differ in it', () => {
    expect(html).to.contain('<td>Units</td><td>a workspace each</td>');
    expect(html).to.contain('<td>a namespace each (no workspaces)</td>');
    expect(html).to.contain(
      'the runs put their units in different places: <code>reference-sqlite</code> in workspaces, <code>kcp-v0.32</code> in workspaces, <code>kube</code> in namespaces.',
    );
    expect(html).to.match(/<code>[^<]+ \(namespaces\)<\/code>/);
  });
});
