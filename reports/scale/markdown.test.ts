import { expect } from 'chai';
import type { ScenarioResult } from '../../scenarios/framework/result.js';
import { apiThroughputFixture, HOSTILE_LABEL, memoryFixture, workspaceCreationFixture } from './fixtures.js';
import { markdownCode, markdownText, renderMarkdown } from './markdown.js';
import { buildScaleReport } from './report.js';

const render = async (results: ScenarioResult[]) =>
  renderMarkdown(
    await buildScaleReport(
      results.map((result, index) => ({ file: `results/${index}.json`, result })),
      new Date('2026-01-02T00:00:00Z'),
    ),
  );

describe('scale report: report.md', function () {
  // Rendering charts with vega takes a few hundred milliseconds per report.
  this.timeout(20_000);

  it('has the parameter, metric and latency tables and links each chart file', async () => {
    const markdown = await render([workspaceCreationFixture({ label: 'reference-sqlite' })]);
    expect(markdown).to.contain('## Workspace creation (`workspace-creation`)');
    expect(markdown).to.contain('| Parameter | reference-sqlite |');
    expect(markdown).to.contain('| `count` | `200` |');
    expect(markdown).to.contain('### Headline metrics');
    expect(markdown).not.to.contain('Comparison');
    expect(markdown).to.contain('| Metric | Better | reference-sqlite |\n| --- | --- | ---: |');
    expect(markdown).to.contain('| `create-to-ready-p99` | lower is better | 630 ms |');
    expect(markdown).to.contain('| Latency | Count | Min | Mean | p50 | p90 | p99 | Max |');
    expect(markdown).to.contain('![Latency distribution (CDF)](workspace-creation-cdf.svg)');
    expect(markdown).to.contain('- Ready is observed by a watch on the parent workspace, not by polling.');
  });

  it('puts two runs of a scenario side by side', async () => {
    const markdown = await render([
      memoryFixture({ label: 'reference-sqlite' }),
      memoryFixture({ label: 'kcp-v0.32', slowdown: 2 }),
    ]);
    expect(markdown).to.contain('### Comparison of headline metrics');
    expect(markdown).to.contain('| Metric | Better | reference-sqlite | kcp-v0.32 |');
    expect(markdown).to.contain(
      '| `bytes-per-workspace` | lower is better | 48 KiB | 96 KiB (+100.0%) **worse** |',
    );
    expect(markdown).to.contain('- **all runs:** Settled when RSS changed by less than 1% over 5 s.');
    expect(markdown).to.contain('![RSS vs workspaces](memory-per-workspace-rss-vs-workspaces.svg)');
  });

  it('says where the units were and calls out runs that differ in it', async () => {
    const one = await render([workspaceCreationFixture({ label: 'reference' })]);
    expect(one).to.contain('| Units | a workspace each |');
    expect(one).not.to.contain('different places');
    const markdown = await render([
      apiThroughputFixture({ label: 'reference' }),
      { ...apiThroughputFixture({ label: 'kube' }), tenancy: 'namespaces' },
    ]);
    expect(markdown).to.contain('| Units | a workspace each | a namespace each (no workspaces) |');
    expect(markdown).to.contain(
      '> **Not like for like:** the runs put their units in different places: `reference` in workspaces, `kube` in namespaces.',
    );
    expect(markdown).to.match(/- API throughput: `reference`, `kube` on `[^`]+`, `[^`]+ \(namespaces\)`/);
  });

  it('escapes labels so they cannot break a table or inject markup', async () => {
    const markdown = await render([workspaceCreationFixture({ label: HOSTILE_LABEL })]);
    // Code spans show their content literally; everywhere else markup must arrive escaped.
    expect(markdown.replace(/(`+)[^`].*?\1/g, '')).not.to.contain('<');
    expect(markdown).to.contain('- Workspace creation: `<b>"kcp" & \'co\'</b> | *x* [y]` on');
    expect(markdown).to.contain(
      '| Parameter | &lt;b&gt;&quot;kcp&quot; &amp; &#39;co&#39;&lt;/b&gt; \\| \\*x\\* \\[y\\] |',
    );
    expect(markdownText('a\nb | c')).to.equal('a b \\| c');
    expect(markdownCode('a|b', true)).to.equal('`a\\|b`');
    expect(markdownCode('a|b')).to.equal('`a|b`');
    expect(markdownCode('`x`')).to.equal('`` `x` ``');
  });
});
