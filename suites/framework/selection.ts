// Decides for each test whether it runs, and if not, why. The same decision feeds --dry-run,
// the runner and the report, so "would run" and "did run" cannot disagree.
import type { ConformanceTest } from './conformance-test.js';
import type { FeatureName } from './features.js';

export type Decision = { run: true } | { run: false; reason: string };

export interface PlannedTest {
  test: ConformanceTest;
  decision: Decision;
}

export interface SelectionOptions {
  supported: ReadonlySet<FeatureName>;
  /** Only ids matching this run. */
  focus?: RegExp;
  /** Ids matching this do not run. */
  skip?: RegExp;
}

export function decide(test: ConformanceTest, options: SelectionOptions): Decision {
  if (options.focus && !options.focus.test(test.id)) {
    return { run: false, reason: `not matched by --focus ${options.focus.source}` };
  }
  if (options.skip?.test(test.id)) return { run: false, reason: `excluded by --skip ${options.skip.source}` };
  const missing = test.features.filter((feature) => !options.supported.has(feature));
  if (missing.length > 0)
    return { run: false, reason: `feature not supported by the target: ${missing.join(', ')}` };
  return { run: true };
}

export function planTests(tests: readonly ConformanceTest[], options: SelectionOptions): PlannedTest[] {
  return tests.map((test) => ({ test, decision: decide(test, options) }));
}

/** The --dry-run listing: one line per test; tests a parallel run treats specially say so. */
export function formatPlan(plan: readonly PlannedTest[]): string[] {
  const width = Math.max(0, ...plan.map(({ test }) => test.id.length));
  const note = (test: ConformanceTest): string =>
    test.serial ? ` (runs alone: ${test.serial})` : test.slow ? ` (starts first: ${test.slow})` : '';
  return plan.map(({ test, decision }) =>
    decision.run
      ? `RUN   ${test.id.padEnd(width)}  [${test.level}] ${test.features.join(', ')}${note(test)}`
      : `SKIP  ${test.id.padEnd(width)}  ${decision.reason}`,
  );
}
