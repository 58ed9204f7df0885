// Compares two conformance reports test by test: the first question of a team validating an
// alternative implementation is "what passes there and not here, and why". Plain data in, plain
// data out; the renderers (diff-text.ts, diff-markdown.ts, diff-json.ts) only format it, with
// the words in diff-labels.ts.
// A is the baseline: a regression is a test that passes on A and does not pass on B.
import type {
  ConformanceReport,
  FeatureDecision,
  FeatureSummary,
  ImplementationInfo,
  Level,
  RunSummary,
  SuiteInfo,
  TargetInfo,
  TestReport,
  TestResultKind,
} from './model.js';

/** The groups, in the order they are shown. `same`: both passed, or both skipped. */
export const DIFF_GROUPS = [
  'passesOnlyOnA',
  'passesOnlyOnB',
  'skippedOnOneSide',
  'failingOnBoth',
  'onlyInA',
  'onlyInB',
  'same',
] as const;

export type DiffGroup = (typeof DIFF_GROUPS)[number];

export interface SideInfo {
  /** The YAML file the side was read from. */
  file: string;
  date: string;
  implementation: ImplementationInfo;
  target: TargetInfo;
  suite: SuiteInfo;
  features: FeatureSummary;
  summary: RunSummary;
}

/** One test's outcome on one side. */
export interface SideResult {
  result: TestResultKind;
  reason?: string;
  error?: string;
  /** The test's features this side does not support: why it was skipped, when it was. */
  missingFeatures: string[];
}

export interface TestDiff {
  id: string;
  group: DiffGroup;
  area: string;
  description: string;
  level: Level;
  features: string[];
  /** Absent when the test is not in A's report (onlyInB). */
  a?: SideResult;
  /** Absent when the test is not in B's report (onlyInA). */
  b?: SideResult;
}

/**
 * claimed: named by the user (--features, or --add-features on top of inference); inferred: read
 * from the target; absent: not supported, so tests that need it were skipped.
 */
export type FeatureState = 'claimed' | 'inferred' | 'absent';

export interface FeatureDiff {
  feature: string;
  a: FeatureState;
  b: FeatureState;
  /** Tests that ran on one side and were skipped on the other for lack of this feature: the skips it explains. */
  skippedOnOneSide: string[];
  /** How each side decided the feature, with the evidence; absent for reports that do not record it. */
  decisions: { a?: FeatureDecision; b?: FeatureDecision };
}

export interface ConformanceDiff {
  a: SideInfo;
  b: SideInfo;
  /** People-readable cautions: different suite versions, interrupted runs. */
  warnings: string[];
  /** Every test of either report, grouped in DIFF_GROUPS order, by id within a group. */
  tests: TestDiff[];
  counts: Record<DiffGroup, number>;
  /**
   * Features whose state differs: supported on one side only first, those explaining the most
   * skips first; then the ones both support but decided differently (claimed vs inferred).
   */
  features: FeatureDiff[];
  /** Ids of tests that pass on A and do not pass on B, including ones missing from B. */
  regressions: string[];
}

// Code-point order, not the locale's: the same output on every machine.
const byName = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

function sideInfo(file: string, report: ConformanceReport): SideInfo {
  const { date, implementation, target, suite, features, summary } = report;
  return { file, date, implementation, target, suite, features, summary };
}

function sideResult(test: TestReport, supported: readonly string[]): SideResult {
  const result: SideResult = {
    result: test.result,
    missingFeatures: test.features.filter((feature) => !supported.includes(feature)),
  };
  if (test.reason !== undefined) result.reason = test.reason;
  if (test.error !== undefined) result.error = test.error;
  return result;
}

function groupOf(a: SideResult | undefined, b: SideResult | undefined): DiffGroup {
  if (!b) return 'onlyInA';
  if (!a) return 'onlyInB';
  if (a.result === b.result) return a.result === 'failed' ? 'failingOnBoth' : 'same';
  if (a.result === 'passed') return 'passesOnlyOnA';
  if (b.result === 'passed') return 'passesOnlyOnB';
  return 'skippedOnOneSide';
}

function compareTests(a: ConformanceReport, b: ConformanceReport): TestDiff[] {
  const testsA = new Map(a.tests.map((test) => [test.id, test]));
  const testsB = new Map(b.tests.map((test) => [test.id, test]));
  const order = (test: TestDiff) => DIFF_GROUPS.indexOf(test.group);
  return [...new Set([...testsA.keys(), ...testsB.keys()])]
    .map((id) => {
      const testA = testsA.get(id);
      const testB = testsB.get(id);
      const sideA = testA && sideResult(testA, a.features.supported);
      const sideB = testB && sideResult(testB, b.features.supported);
      // The baseline's description when both have the test: it is what the group is judged against.
      const meta = (testA ?? testB) as TestReport;
      const diff: TestDiff = {
        id,
        group: groupOf(sideA, sideB),
        area: meta.area,
        description: meta.description,
        level: meta.level,
        features: meta.features,
      };
      if (sideA) diff.a = sideA;
      if (sideB) diff.b = sideB;
      return diff;
    })
    .sort((x, y) => order(x) - order(y) || byName(x.id, y.id));
}

/**
 * From the lists rather than the per-feature decisions, which reports of older versions lack;
 * the two agree where both exist (the decisions are what the lists are made from).
 */
export function featureState(features: FeatureSummary, feature: string): FeatureState {
  if (!features.supported.includes(feature)) return 'absent';
  return features.claimed.includes(feature) ? 'claimed' : 'inferred';
}

/** Every feature either report mentions: listed as supported, claimed, inferred, or needed by a test. */
function featureNames(...reports: ConformanceReport[]): string[] {
  const names = new Set<string>();
  for (const report of reports) {
    const { claimed, inferred, supported } = report.features;
    for (const name of [...claimed, ...inferred, ...supported]) names.add(name);
    for (const row of report.featureResults) names.add(row.feature);
    for (const test of report.tests) for (const name of test.features) names.add(name);
  }
  return [...names];
}

/** Whether one side supports the feature and the other does not (rather than deciding it differently). */
export const supportDiffers = (row: Pick<FeatureDiff, 'a' | 'b'>): boolean =>
  (row.a === 'absent') !== (row.b === 'absent');

/** Whether the test ran on one side and was skipped on the other because that side lacks the feature. */
function skippedOnOneSideFor(test: TestDiff, feature: string): boolean {
  const { a, b } = test;
  if (!a || !b || (a.result === 'skipped') === (b.result === 'skipped')) return false;
  const skipped = a.result === 'skipped' ? a : b;
  return skipped.missingFeatures.includes(feature);
}

function compareFeatures(
  a: ConformanceReport,
  b: ConformanceReport,
  tests: readonly TestDiff[],
): FeatureDiff[] {
  const decisionsOf = (feature: string): FeatureDiff['decisions'] => {
    const decisionA = a.features.decisions?.find((decision) => decision.feature === feature);
    const decisionB = b.features.decisions?.find((decision) => decision.feature === feature);
    return { ...(decisionA ? { a: decisionA } : {}), ...(decisionB ? { b: decisionB } : {}) };
  };
  return featureNames(a, b)
    .map((feature): FeatureDiff => ({
      feature,
      a: featureState(a.features, feature),
      b: featureState(b.features, feature),
      skippedOnOneSide: tests.filter((test) => skippedOnOneSideFor(test, feature)).map((test) => test.id),
      decisions: decisionsOf(feature),
    }))
    .filter((row) => row.a !== row.b)
    .sort(
      (x, y) =>
        Number(supportDiffers(y)) - Number(supportDiffers(x)) ||
        y.skippedOnOneSide.length - x.skippedOnOneSide.length ||
        byName(x.feature, y.feature),
    );
}

/** "kcp-harness 0.1.0 (0123456789ab)". */
export const suiteLabel = (suite: SuiteInfo): string =>
  `${suite.name} ${suite.version}${suite.gitCommit ? ` (${suite.gitCommit.slice(0, 12)})` : ''}`;

function warnings(a: SideInfo, b: SideInfo): string[] {
  const found: string[] = [];
  // A commit is only comparable when both reports have one; a version alone still differs or not.
  const commitsDiffer =
    a.suite.gitCommit !== undefined &&
    b.suite.gitCommit !== undefined &&
    a.suite.gitCommit !== b.suite.gitCommit;
  if (a.suite.name !== b.suite.name || a.suite.version !== b.suite.version || commitsDiffer)
    found.push(
      `the suite versions differ (A: ${suiteLabel(a.suite)}, B: ${suiteLabel(b.suite)}): ` +
        'a test may differ because the test changed, not the implementation',
    );
  for (const [label, side] of [['A', a] as const, ['B', b] as const])
    if (side.summary.interrupted)
      found.push(`${label}'s run was interrupted: the tests it did not reach are reported skipped`);
  return found;
}

export function diffReports(
  a: { file: string; report: ConformanceReport },
  b: { file: string; report: ConformanceReport },
): ConformanceDiff {
  const tests = compareTests(a.report, b.report);
  const counts = Object.fromEntries(DIFF_GROUPS.map((group) => [group, 0])) as Record<DiffGroup, number>;
  for (const test of tests) counts[test.group] += 1;
  const sideA = sideInfo(a.file, a.report);
  const sideB = sideInfo(b.file, b.report);
  return {
    a: sideA,
    b: sideB,
    warnings: warnings(sideA, sideB),
    tests,
    counts,
    features: compareFeatures(a.report, b.report, tests),
    regressions: tests
      .filter((test) => test.a?.result === 'passed' && test.b?.result !== 'passed')
      .map((test) => test.id),
  };
}
