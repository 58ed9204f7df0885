import { expect } from 'chai';
import { diffReports, featureState, type ConformanceDiff } from './diff.js';
import { countLine, outcomeLine } from './diff-labels.js';
import { baselineReport, otherReport, reportWith, sampleTest } from './diff-sample.js';
import type { ConformanceReport } from './model.js';

const diffOf = (a: ConformanceReport, b: ConformanceReport): ConformanceDiff =>
  diffReports({ file: 'a.yaml', report: a }, { file: 'b.yaml', report: b });

describe('conformance diff', () => {
  const diff = diffOf(baselineReport(), otherReport());
  const group = (name: string) => diff.tests.filter((test) => test.group === name).map((test) => test.id);

  it('puts every test in exactly one group, in display order and by id within a group', () => {
    expect(diff.tests.map((test) => [test.group, test.id])).to.deep.equal([
      ['passesOnlyOnA', 'a/regressed'],
      ['passesOnlyOnA', 'a/skipped-on-b'],
      ['passesOnlyOnB', 'a/fixed-on-b'],
      ['skippedOnOneSide', 'a/skip-vs-fail'],
      ['failingOnBoth', 'a/fails-on-both'],
      ['onlyInA', 'a/gone-failed'],
      ['onlyInA', 'a/gone-passed'],
      ['onlyInB', 'b/new'],
      ['same', 'a/same-pass'],
      ['same', 'a/same-skip'],
    ]);
    expect(diff.counts).to.deep.equal({
      passesOnlyOnA: 2,
      passesOnlyOnB: 1,
      skippedOnOneSide: 1,
      failingOnBoth: 1,
      onlyInA: 2,
      onlyInB: 1,
      same: 2,
    });
    expect(countLine(diff)).to.equal(
      '10 tests: 2 pass on A only, 1 pass on B only, 1 skipped on one side, 1 fail on both, ' +
        '2 only in A, 1 only in B, 2 the same',
    );
  });

  it("keeps each side's result, reason, error and missing features", () => {
    const skipped = diff.tests.find((test) => test.id === 'a/skipped-on-b');
    expect(skipped?.a).to.deep.equal({ result: 'passed', missingFeatures: [] });
    expect(skipped?.b).to.deep.equal({
      result: 'skipped',
      reason: 'feature not supported by the target: WildcardRequests',
      missingFeatures: ['WildcardRequests'],
    });
    const both = diff.tests.find((test) => test.id === 'a/fails-on-both');
    expect([both?.a?.error, both?.b?.error]).to.deep.equal(['A: expected Conflict', 'B: expected Conflict']);
    const gone = diff.tests.find((test) => test.id === 'a/gone-passed');
    expect(gone?.b).to.equal(undefined);
    expect(diff.tests.find((test) => test.id === 'b/new')?.a).to.equal(undefined);
  });

  it('counts as regressions the tests that pass on A and fail, are skipped or are missing on B', () => {
    expect(diff.regressions).to.deep.equal(['a/regressed', 'a/skipped-on-b', 'a/gone-passed']);
    expect(group('passesOnlyOnB')).to.deep.equal(['a/fixed-on-b']);
    const reversed = diffOf(otherReport(), baselineReport());
    expect(reversed.regressions).to.deep.equal(['a/fixed-on-b', 'b/new']);
    expect(diffOf(baselineReport(), baselineReport()).regressions).to.deep.equal([]);
  });

  it('names the features that differ, those one side lacks first, with the skips they explain', () => {
    const wildcard = baselineReport().features.decisions?.find((d) => d.feature === 'WildcardRequests');
    expect(wildcard?.flag).to.equal('--add-features');
    expect(diff.features.map(({ decisions: _, ...row }) => row)).to.deep.equal([
      {
        feature: 'WildcardRequests',
        a: 'claimed',
        b: 'absent',
        skippedOnOneSide: ['a/skipped-on-b', 'a/skip-vs-fail'],
      },
      { feature: 'ConfigMaps', a: 'inferred', b: 'claimed', skippedOnOneSide: [] },
      { feature: 'Namespaces', a: 'inferred', b: 'claimed', skippedOnOneSide: [] },
    ]);
    // How each side decided, where its report records it (B's version did not).
    expect(diff.features[0]?.decisions).to.deep.equal({ a: wildcard });
    expect(diffOf(baselineReport(), baselineReport()).features).to.deep.equal([]);
  });

  it('orders the features one side lacks by the skips they explain', () => {
    const features = {
      source: 'inferred' as const,
      claimed: [],
      inferred: ['Events', 'Watch'],
      supported: ['Events', 'Watch'],
    };
    const a = reportWith(
      [sampleTest('t/watch-1', 'passed', ['Watch']), sampleTest('t/watch-2', 'passed', ['Watch'])],
      features,
    );
    const b = reportWith(
      ['t/watch-1', 't/watch-2'].map((id) =>
        sampleTest(id, ['skipped', 'feature not supported: Watch'], ['Watch']),
      ),
      { source: 'inferred', claimed: [], inferred: [], supported: [] },
    );
    expect(diffOf(a, b).features.map((row) => [row.feature, row.skippedOnOneSide.length])).to.deep.equal([
      ['Watch', 2],
      ['Events', 0],
    ]);
  });

  it('reads feature states from the summary: claimed, inferred, or absent', () => {
    const { features } = baselineReport();
    expect(featureState(features, 'WildcardRequests')).to.equal('claimed');
    expect(featureState(features, 'ConfigMaps')).to.equal('inferred');
    expect(featureState(features, 'Watch')).to.equal('absent');
    // With --features, discovery seeing a feature does not make it supported.
    expect(featureState(otherReport().features, 'Workspaces')).to.equal('absent');
  });

  it('warns when the suite versions differ, or the commits, and when a run was interrupted', () => {
    expect(diff.warnings).to.deep.equal([]);
    const newer = otherReport();
    newer.suite = { name: 'kcp-harness', version: '0.2.0' };
    expect(diffOf(baselineReport(), newer).warnings).to.deep.equal([
      'the suite versions differ (A: kcp-harness 0.1.0 (0123456789ab), B: kcp-harness 0.2.0): ' +
        'a test may differ because the test changed, not the implementation',
    ]);
    const otherCommit = otherReport();
    otherCommit.suite.gitCommit = 'fedcba9876543210';
    expect(diffOf(baselineReport(), otherCommit).warnings[0]).to.contain(
      'B: kcp-harness 0.1.0 (fedcba987654)',
    );
    const noCommit = otherReport();
    delete noCommit.suite.gitCommit;
    expect(diffOf(baselineReport(), noCommit).warnings).to.deep.equal([]);
    const interrupted = otherReport();
    interrupted.summary.interrupted = true;
    expect(diffOf(baselineReport(), interrupted).warnings).to.deep.equal([
      "B's run was interrupted: the tests it did not reach are reported skipped",
    ]);
  });

  it("describes an outcome by the error's or reason's first line, else the missing features", () => {
    const test = diff.tests.find((item) => item.id === 'a/regressed');
    expect(outcomeLine(test?.b ?? { result: 'passed', missingFeatures: [] })).to.equal(
      'failed: expected 200, got 403',
    );
    expect(outcomeLine({ result: 'passed', missingFeatures: [] })).to.equal('passed');
    expect(outcomeLine({ result: 'skipped', missingFeatures: ['Watch', 'Events'] })).to.equal(
      'skipped: missing features: Watch, Events',
    );
    expect(outcomeLine({ result: 'failed', error: '\n  boom  \nmore', missingFeatures: [] })).to.equal(
      'failed: boom',
    );
  });

  it('handles reports without tests', () => {
    const empty = diffOf(reportWith([]), reportWith([sampleTest('x/one', 'passed')]));
    expect(empty.counts.onlyInB).to.equal(1);
    expect(empty.regressions).to.deep.equal([]);
  });
});
