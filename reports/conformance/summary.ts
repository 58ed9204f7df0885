// Pure roll-ups of per-test results: the counts and the overall verdict are derived from the
// test list, never tracked separately, so the report cannot contradict itself.
import type { Counts, FeatureResult, RunResult, TestReport } from './model.js';

export function countResults(tests: readonly Pick<TestReport, 'result'>[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const test of tests) counts[test.result] += 1;
  return counts;
}

export function runResult(counts: Counts): RunResult {
  if (counts.failed > 0) return 'failure';
  if (counts.skipped > 0) return 'partial';
  return 'success';
}

/**
 * One row per feature that any test needs, plus every supported feature, sorted by name.
 * A test counts towards each feature it needs.
 */
export function featureResults(
  tests: readonly Pick<TestReport, 'result' | 'features'>[],
  supported: readonly string[],
): FeatureResult[] {
  const names = new Set<string>(supported);
  for (const test of tests) for (const feature of test.features) names.add(feature);
  return [...names].sort().map((feature) => ({
    feature,
    supported: supported.includes(feature),
    ...countResults(tests.filter((test) => test.features.includes(feature))),
  }));
}
