// index.html: one self-contained page for people. No scripts, fonts or stylesheets from
// elsewhere, so it can be attached to a CI run or mailed and still render. Every value that came
// from the run (ids, messages, server output) goes through escapeMarkup.
import { escapeMarkup as esc } from './escape.js';
import type { ConformanceReport, FeatureDecision, TestReport } from './model.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1d232a; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #eaeef2; }
th { background: #f6f8fa; }
code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; padding: .5rem; margin: .3rem 0; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .6rem; font-weight: 600; font-size: 12px; }
.passed, .success { background: #dafbe1; color: #116329; }
.failed, .failure { background: #ffebe9; color: #a40e26; }
.skipped, .partial { background: #fff8c5; color: #7d4e00; }
.muted { color: #57606a; }
ul.plain { margin: 0; padding-left: 1.1rem; }
`;

const badge = (kind: string): string => `<span class="badge ${esc(kind)}">${esc(kind)}</span>`;
const list = (items: readonly string[]): string =>
  items.length === 0
    ? '<span class="muted">none</span>'
    : items.map((item) => `<code>${esc(item)}</code>`).join(', ');
const row = (cells: readonly string[], header = false): string => {
  const tag = header ? 'th' : 'td';
  return `<tr>${cells.map((cell) => `<${tag}>${cell}</${tag}>`).join('')}</tr>`;
};
const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  `<table>\n${row(header, true)}\n${rows.map((cells) => row(cells)).join('\n')}\n</table>`;
const anchor = (id: string): string => `test-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function fixtureFacts({ fixture }: ConformanceReport): [string, string][] {
  if (!fixture) return [];
  const facts: [string, string][] = [
    ['Tests ran in', `${esc(fixture.describe)} <span class="muted">(${esc(fixture.reason)})</span>`],
  ];
  if (fixture.runWorkspace !== undefined) {
    const fate = fixture.runWorkspaceDeleted ? 'deleted at the end' : 'kept';
    facts.push(['Run workspace', `<code>${esc(fixture.runWorkspace)}</code> (${fate})`]);
  }
  if (fixture.kept && fixture.kept.length > 0) {
    const items = fixture.kept.map(
      (kept) => `<li><code>${esc(kept.path)}</code> for <code>${esc(kept.test)}</code></li>`,
    );
    facts.push(['Kept workspaces', `<ul class="plain">${items.join('')}</ul>`]);
  }
  return facts;
}

function usersFacts({ users }: ConformanceReport): [string, string][] {
  if (!users) return [];
  const source =
    users.source === 'impersonation'
      ? `impersonated by <code>${esc(users.impersonator ?? '')}</code>${users.scoped ? ' (scoped by the server to the workspace of each request)' : ''}`
      : users.source === 'users-kubeconfig'
        ? `own credentials from <code>${esc(users.kubeconfig ?? '')}</code>`
        : `none: ${esc(users.reason ?? '')}`;
  const names = users.users.length > 0 ? ` as ${list(users.users)}` : '';
  return [['Test users', `${source}${names}`]];
}

function overview(report: ConformanceReport): string {
  const { implementation, target, suite, summary } = report;
  const facts: [string, string][] = [
    ['Result', `${badge(summary.result)}${summary.interrupted ? ' (run interrupted)' : ''}`],
    ['Implementation', `${esc(implementation.name)} <code>${esc(implementation.version)}</code>`],
    ['Target', `${esc(target.kind)}: ${esc(target.describe)}`],
    [
      'Workspace under test',
      `<code>${esc(target.server)}</code> (context <code>${esc(target.context)}</code>)`,
    ],
    ...fixtureFacts(report),
    ...usersFacts(report),
    [
      'Suite',
      `${esc(suite.name)} ${esc(suite.version)}${suite.gitCommit ? ` (commit <code>${esc(suite.gitCommit)}</code>)` : ''}`,
    ],
    ['Date', esc(report.date)],
    ['Duration', `${(summary.durationMs / 1000).toFixed(1)} s`],
    [
      'Tests',
      `${summary.total} total: ${summary.passed} ${badge('passed')} ${summary.failed} ${badge('failed')} ${summary.skipped} ${badge('skipped')}`,
    ],
  ];
  return table(
    ['', ''],
    facts.map(([name, value]) => [`<strong>${esc(name)}</strong>`, value]),
  );
}

function features(report: ConformanceReport): string {
  const { features: f } = report;
  const facts = table(
    ['', ''],
    [
      [
        '<strong>Supported features came from</strong>',
        f.source === 'claimed' ? 'the --features flag' : "the target's discovery",
      ],
      ['<strong>Claimed</strong>', list(f.claimed)],
      ['<strong>Inferred</strong>', list(f.inferred)],
      ['<strong>Supported</strong>', list(f.supported)],
    ],
  );
  // How each feature was decided sits next to its counts, so a skip can be traced to its evidence.
  const decisions = new Map((f.decisions ?? []).map((decision) => [decision.feature, decision]));
  const names = [...new Set([...report.featureResults.map((r) => r.feature), ...decisions.keys()])].sort();
  const results = new Map(report.featureResults.map((r) => [r.feature, r]));
  const perFeature = table(
    ['Feature', 'Supported', 'Decided by', 'Evidence', 'Passed', 'Failed', 'Skipped'],
    names.map((name) => {
      const r = results.get(name);
      const decision = decisions.get(name);
      const supported = decision?.supported ?? r?.supported ?? false;
      return [
        `<code>${esc(name)}</code>`,
        supported ? 'yes' : 'no',
        decision ? decidedBy(decision) : '<span class="muted">not recorded</span>',
        decision ? `<span class="muted">${esc(decision.evidence)}</span>` : '',
        String(r?.passed ?? 0),
        String(r?.failed ?? 0),
        String(r?.skipped ?? 0),
      ];
    }),
  );
  return `${facts}\n${perFeature}`;
}

function decidedBy(decision: FeatureDecision): string {
  if (decision.decidedBy === 'inferred') return 'inferred';
  const cross =
    decision.inferred === undefined
      ? ''
      : ` <span class="muted">(inferred: ${decision.inferred ? 'yes' : 'no'})</span>`;
  return `claimed with <code>${esc(decision.flag ?? '')}</code>${cross}`;
}

function parameters(report: ConformanceReport): string {
  const { parameters: p } = report;
  const timeouts = Object.entries(p.timeoutsSeconds).map(([key, value]) => `${esc(key)}=${value}s`);
  return table(
    ['', ''],
    [
      [
        '<strong>--focus</strong>',
        p.focus === undefined ? '<span class="muted">none</span>' : `<code>${esc(p.focus)}</code>`,
      ],
      [
        '<strong>--skip</strong>',
        p.skip === undefined ? '<span class="muted">none</span>' : `<code>${esc(p.skip)}</code>`,
      ],
      ['<strong>--keep-on-failure</strong>', p.keepOnFailure ? 'yes' : 'no'],
      [
        '<strong>--parallel</strong>',
        p.parallel === undefined ? '<span class="muted">not recorded</span>' : String(p.parallel),
      ],
      ['<strong>Timeouts</strong>', timeouts.join(', ')],
    ],
  );
}

function testDetails(test: TestReport): string {
  const parts = [`<div>${esc(test.description)}</div>`];
  parts.push(`<div class="muted">features: ${list(test.features)}</div>`);
  if (test.scope) {
    const kept = test.scope.kept ? ' (workspace kept)' : '';
    parts.push(
      `<div class="muted">ran in <code>${esc(test.scope.cluster)}</code>, namespace <code>${esc(test.scope.namespace)}</code>${kept}</div>`,
    );
  }
  parts.push(
    `<div class="muted">behaviour defined by:</div><ul class="plain">${test.source
      .map((source) => `<li><code>${esc(source)}</code></li>`)
      .join('')}</ul>`,
  );
  if (test.reason) parts.push(`<div><strong>Skipped:</strong> ${esc(test.reason)}</div>`);
  if (test.error) parts.push(`<pre>${esc(test.error)}</pre>`);
  return parts.join('\n');
}

function tests(report: ConformanceReport): string {
  return table(
    ['Result', 'Test', 'Level', 'Duration', 'Details'],
    report.tests.map((test) => [
      badge(test.result),
      `<code id="${anchor(test.id)}">${esc(test.id)}</code>`,
      esc(test.level),
      `${test.durationMs} ms`,
      testDetails(test),
    ]),
  );
}

function failures(report: ConformanceReport): string {
  const failed = report.tests.filter((test) => test.result === 'failed');
  if (failed.length === 0) return '';
  const items = failed.map(
    (test) => `<li><a href="#${anchor(test.id)}"><code>${esc(test.id)}</code></a></li>`,
  );
  return `<h2>Failed tests</h2>\n<ul>${items.join('')}</ul>`;
}

export function renderHtml(report: ConformanceReport): string {
  const title = `Conformance: ${report.implementation.name} ${report.implementation.version}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${overview(report)}
${failures(report)}
<h2>Features</h2>
${features(report)}
<h2>Run parameters</h2>
${parameters(report)}
<h2>Tests</h2>
${tests(report)}
<p class="muted">Machine-readable: conformance-report.yaml, junit.xml. Full log: conformance.log.</p>
</body>
</html>
`;
}
