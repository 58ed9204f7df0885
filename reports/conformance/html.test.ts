import { expect } from 'chai';
import { renderHtml } from './html.js';
import { sampleReport } from './sample-report.js';

describe('index.html', () => {
  const html = renderHtml(sampleReport());

  it('escapes every value that came from the run', () => {
    expect(html).not.to.contain('<script>');
    expect(html).to.contain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    expect(html).to.contain('sample &lt;impl&gt;');
    expect(html).to.contain('/tmp/a&amp;b/admin.kubeconfig');
    // eslint-disable-next-line no-control-regex
    expect(html).not.to.match(/[\u0000-\u0008]/);
  });

  it('is self-contained', () => {
    expect(html).not.to.match(/<(script|link|img|iframe)\b/i);
    expect(html).not.to.match(/\b(src|href)="(https?:)?\/\//i);
  });

  it('shows the summary, the per-feature table and every test with its result', () => {
    expect(html).to.contain('<span class="badge failure">failure</span>');
    expect(html).to.contain('<code>Watch</code>');
    for (const test of sampleReport().tests) expect(html).to.contain(`>${test.id}</code>`);
    expect(html).to.contain('kh-passes-abcde');
    expect(html).to.contain('Skipped:</strong> feature not supported: Watch');
    expect(html).to.contain('<a href="#test-api-machinery-fails">');
  });

  it('says per feature how it was decided and on what evidence', () => {
    expect(html).to.contain(
      '<tr><td><code>ConfigMaps</code></td><td>yes</td><td>inferred</td><td><span class="muted">discovery lists v1 configmaps: create, get, list, update, delete</span></td><td>1</td><td>1</td><td>0</td></tr>',
    );
    expect(html).to.contain(
      'watch-list probe stream&#39;s first event was ERROR: 500 InternalError: &lt;script&gt;',
    );
    expect(html).to.contain(
      '<tr><td><code>WildcardRequests</code></td><td>no</td><td>claimed with <code>--features</code> <span class="muted">(inferred: no)</span></td>',
    );
    // A report of an older version has no decisions: the table still lists the features.
    const older = renderHtml({
      ...sampleReport(),
      features: { ...sampleReport().features, decisions: undefined },
    });
    expect(older).to.contain(
      '<tr><td><code>Watch</code></td><td>no</td><td><span class="muted">not recorded</span></td>',
    );
  });

  it('says who the tests acted as', () => {
    expect(html).to.contain(
      'own credentials from <code>/tmp/users&amp;&lt;x&gt;.kubeconfig</code> as <code>user-1</code>',
    );
    const impersonated = renderHtml({
      ...sampleReport(),
      users: {
        source: 'impersonation',
        describe: 'users kh-r-user-<n> impersonated by kcp-admin',
        impersonator: 'kcp-admin',
        scoped: true,
        users: ['kh-r-user-1'],
      },
    });
    expect(impersonated).to.contain('impersonated by <code>kcp-admin</code> (scoped by the server');
    expect(impersonated).to.contain('as <code>kh-r-user-1</code>');
    const none = renderHtml({
      ...sampleReport(),
      users: { source: 'none', describe: 'no test users', users: [], reason: 'nobody may <impersonate>' },
    });
    expect(none).to.contain('none: nobody may &lt;impersonate&gt;');
  });

  it('names the run workspace and the workspaces kept for failed tests', () => {
    expect(html).to.contain('<code>root:kh-run-abc</code> (kept)');
    expect(html).to.contain(
      '<li><code>root:kh-run-abc:kh-fails-fghij</code> for <code>api-machinery/fails</code></li>',
    );
    expect(html).to.contain('(workspace kept)');
  });
});
