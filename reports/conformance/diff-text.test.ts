import { expect } from 'chai';
import { diffReports } from './diff.js';
import { baselineReport, otherReport, sampleTest } from './diff-sample.js';
import { renderDiffText, terminalText } from './diff-text.js';
import { HOSTILE } from './sample-report.js';

describe('conformance diff as text', () => {
  const diff = () =>
    diffReports(
      { file: 'a/conformance-report.yaml', report: baselineReport() },
      { file: 'b.yaml', report: otherReport() },
    );

  it('names both sides: implementation, target, suite, date, results, features, file', () => {
    const text = renderDiffText(diff(), { all: false });
    expect(text).to.contain('A: kcp v1.0.0\n');
    expect(text).to.contain('B: alternative v1.0.0\n');
    expect(text).to.contain(
      '   target    kubeconfig /tmp/a&b/admin.kubeconfig, https://127.0.0.1:6443/clusters/root\n',
    );
    expect(text).to.contain('   suite     kcp-harness 0.1.0 (0123456789ab)\n');
    expect(text).to.contain(
      '   run       2026-01-02T03:04:05.000Z, 9 tests: 4 passed, 4 failed, 1 skipped\n',
    );
    expect(text).to.contain('   features  2 inferred, 1 claimed (WildcardRequests)\n');
    expect(text).to.contain('   features  2 claimed with --features (discovery showed 1)\n');
    expect(text).to.contain('   report    a/conformance-report.yaml\n');
    expect(text).not.to.contain('warning:');
  });

  it("lists each group that differs with the other side's first line, and ends with the count line", () => {
    const text = renderDiffText(diff(), { all: false });
    expect(text).to.contain(
      'Passes on A, not on B (2)\n  a/regressed (MUST)\n      B failed: expected 200, got 403\n' +
        '  a/skipped-on-b (MUST)\n      B skipped: feature not supported by the target: WildcardRequests\n',
    );
    expect(text).not.to.contain('second line of the error');
    expect(text).to.contain(
      'Passes on B, not on A (1)\n  a/fixed-on-b (MUST)\n      A failed: expected 404, got 500\n',
    );
    expect(text).to.contain(
      'Skipped on one side only (1)\n  a/skip-vs-fail (MUST)\n      A failed: timed out\n' +
        '      B skipped: feature not supported by the target: WildcardRequests\n',
    );
    expect(text).to.contain(
      'Failing on both (1)\n  a/fails-on-both (MUST)\n      A failed: A: expected Conflict\n      B failed: B: expected Conflict\n',
    );
    expect(text).to.contain("Only in A's report (2)\n  a/gone-failed (MUST)\n      A failed: boom\n");
    expect(text).to.contain("Only in B's report (1)\n  b/new (MUST)\n      B passed\n");
    expect(text.trimEnd().split('\n').at(-1)).to.match(/^10 tests: 2 pass on A only, .* 2 the same$/);
  });

  it('only counts the tests that are the same, unless --all', () => {
    expect(renderDiffText(diff(), { all: false })).not.to.contain('a/same-pass');
    const all = renderDiffText(diff(), { all: true });
    expect(all).to.contain(
      'Same result on both (2)\n  a/same-pass (MUST)\n  a/same-skip (MUST)\n      A and B skipped: excluded by --skip same\n',
    );
  });

  it('shows the features one side lacks with the skips they explain and how, then those decided differently', () => {
    const text = renderDiffText(diff(), { all: false });
    expect(text).to.contain(
      'Features supported on one side only (1)\n' +
        '  feature           A        B       tests skipped on one side\n' +
        '  WildcardRequests  claimed  absent  2\n' +
        '      A: named in --add-features; inference: no rule decides it\n' +
        'Features both support, decided differently: ConfigMaps (A inferred, B claimed), Namespaces (A inferred, B claimed)\n',
    );
    const same = renderDiffText(
      diffReports({ file: 'a', report: baselineReport() }, { file: 'b', report: baselineReport() }),
      { all: false },
    );
    expect(same).not.to.contain('Features');
  });

  it('warns about different suite versions', () => {
    const newer = otherReport();
    newer.suite.version = '0.2.0';
    const text = renderDiffText(
      diffReports({ file: 'a', report: baselineReport() }, { file: 'b', report: newer }),
      {
        all: false,
      },
    );
    expect(text).to.match(
      /\nwarning: the suite versions differ \(A: kcp-harness 0\.1\.0 .*B: kcp-harness 0\.2\.0/,
    );
  });

  it('keeps terminal control characters and long messages out of the output', () => {
    const hostile = otherReport();
    hostile.tests = [sampleTest('a/regressed', ['failed', `\u001b[2J${HOSTILE} ${'x'.repeat(500)}`])];
    const text = renderDiffText(
      diffReports({ file: 'a', report: baselineReport() }, { file: 'b', report: hostile }),
      {
        all: false,
      },
    );
    // eslint-disable-next-line no-control-regex
    expect(text).not.to.match(/[\u0000-\u0008\u000b-\u001f]/);
    const line = text.split('\n').find((item) => item.includes('B failed:')) ?? '';
    expect(line.length).to.be.at.most(220);
    expect(line.endsWith('…')).to.equal(true);
    expect(terminalText('a\n  b\r\nc')).to.equal('a b c');
  });
});
