import { expect } from 'chai';
import { diffReports } from './diff.js';
import { renderDiffMarkdown } from './diff-markdown.js';
import { baselineReport, otherReport, sampleTest } from './diff-sample.js';
import { HOSTILE } from './sample-report.js';

describe('conformance diff as Markdown', () => {
  const render = (b = otherReport(), all = false) =>
    renderDiffMarkdown(
      diffReports({ file: 'a.yaml', report: baselineReport() }, { file: 'b.yaml', report: b }),
      {
        all,
      },
    );

  it('puts both sides in one table under a heading naming them', () => {
    const markdown = render();
    expect(markdown.startsWith('## Conformance diff: kcp v1.0.0 (A) and alternative v1.0.0 (B)\n')).to.equal(
      true,
    );
    expect(markdown).to.contain('| implementation | kcp v1.0.0 | alternative v1.0.0 |\n');
    expect(markdown).to.contain(
      '| suite | kcp-harness 0.1.0 (0123456789ab) | kcp-harness 0.1.0 (0123456789ab) |\n',
    );
    expect(markdown).to.contain(
      '| features | 2 inferred, 1 claimed (WildcardRequests) | 2 claimed with --features (discovery showed 1) |\n',
    );
    expect(markdown).to.contain('| report | `a.yaml` | `b.yaml` |\n');
    expect(markdown).to.contain('**10 tests: 2 pass on A only, 1 pass on B only,');
  });

  it('has a table per group that differs, with the sides that explain it', () => {
    const markdown = render();
    expect(markdown).to.contain(
      '### Passes on A, not on B (2)\n\n| test | level | B |\n| --- | --- | --- |\n' +
        '| `a/regressed` | MUST | failed: expected 200, got 403 |\n',
    );
    expect(markdown).to.contain(
      '### Skipped on one side only (1)\n\n| test | level | A | B |\n| --- | --- | --- | --- |\n' +
        '| `a/skip-vs-fail` | MUST | failed: timed out | skipped: feature not supported by the target: WildcardRequests |\n',
    );
    for (const heading of [
      'Passes on B, not on A (1)',
      'Failing on both (1)',
      "Only in A's report (2)",
      "Only in B's report (1)",
    ])
      expect(markdown).to.contain(`### ${heading}\n`);
    expect(markdown).to.contain(
      '### Features supported on one side only (1)\n\n' +
        '| feature | A | B | tests skipped on one side | how it was decided |\n| --- | --- | --- | --- | --- |\n' +
        '| `WildcardRequests` | claimed | absent | 2 | A: named in --add-features; inference: no rule decides it |\n',
    );
    expect(markdown).to.contain(
      '**Features both support, decided differently:** `ConfigMaps` (A inferred, B claimed), `Namespaces` (A inferred, B claimed)\n',
    );
    expect(markdown).not.to.contain('Same result on both');
    expect(render(otherReport(), true)).to.contain('### Same result on both (2)\n');
  });

  it('escapes report text so it can neither break a table nor inject markup', () => {
    const hostile = otherReport();
    hostile.implementation.name = '<img src=x>';
    hostile.tests = [sampleTest('a/regressed', ['failed', `a | b ${HOSTILE}\nnext`])];
    const markdown = render(hostile);
    expect(markdown).not.to.match(/<(script|img)/);
    expect(markdown).to.contain('&lt;img src=x&gt;');
    const row = markdown.split('\n').find((line) => line.startsWith('| `a/regressed`')) ?? '';
    // Four cell separators, none from the error text.
    expect(row.split(/(?<!\\)\|/).length - 1).to.equal(4);
    expect(row).not.to.contain('next');
  });
});
