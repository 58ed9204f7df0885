// When each test of a run starts and what may run beside it (--parallel N). With N = 1 the tests
// run one after another in plan order. With more, the tests that must run alone
// (ConformanceTest.serial) run first, one at a time, with nothing beside them; then up to N of
// the others run at once, the slow ones (ConformanceTest.slow) started first so that the rest run
// while they wait. The schedule decides only when tests start: results are still reported in
// plan order (runner.ts).
import type { ConformanceTest } from './conformance-test.js';
import type { PlannedTest } from './selection.js';

/** Most tests wait on the network, not the CPU: 4 at once keep a 2-core machine busy (README). */
export const DEFAULT_PARALLEL = 4;

export interface Schedule {
  /** Run first, each alone. */
  alone: ConformanceTest[];
  /** Then run up to `parallel` at once, in this order. */
  shared: ConformanceTest[];
}

export function schedule(tests: readonly ConformanceTest[], parallel: number): Schedule {
  if (parallel <= 1) return { alone: [], shared: [...tests] };
  const shared = tests.filter((test) => test.serial === undefined);
  return {
    alone: tests.filter((test) => test.serial !== undefined),
    shared: [...shared.filter((test) => test.slow !== undefined), ...shared.filter((test) => !test.slow)],
  };
}

/**
 * Starts every test by the schedule and returns, per test id, its result, or undefined for a test
 * that never started because stopped() said so before its turn. start must not reject; if it does,
 * that test's promise rejects with the same error and the others go on.
 */
export function startScheduled<T>(
  tests: readonly ConformanceTest[],
  parallel: number,
  start: (test: ConformanceTest) => Promise<T>,
  stopped: () => boolean,
): Map<string, Promise<T | undefined>> {
  const settle = new Map<string, { resolve(value: T | undefined): void; reject(error: unknown): void }>();
  const results = new Map<string, Promise<T | undefined>>();
  for (const test of tests) {
    results.set(
      test.id,
      new Promise<T | undefined>((resolve, reject) => settle.set(test.id, { resolve, reject })),
    );
  }
  const runOne = async (test: ConformanceTest): Promise<void> => {
    const done = settle.get(test.id)!;
    if (stopped()) return done.resolve(undefined);
    await start(test).then(done.resolve, done.reject);
  };
  const { alone, shared } = schedule(tests, parallel);
  void (async () => {
    for (const test of alone) await runOne(test);
    const queue = [...shared];
    const worker = async (): Promise<void> => {
      for (let test = queue.shift(); test; test = queue.shift()) await runOne(test);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, worker));
  })();
  return results;
}

/** One conformance.log line: how many at once, and which tests run alone or first. */
export function describeSchedule(plan: readonly PlannedTest[], parallel: number): string {
  const runnable = plan.filter((planned) => planned.decision.run).map((planned) => planned.test);
  if (parallel <= 1) return 'schedule: one test at a time, in plan order (--parallel 1)';
  const { alone, shared } = schedule(runnable, parallel);
  const slow = shared.filter((test) => test.slow !== undefined);
  const named = (tests: readonly ConformanceTest[], why: (test: ConformanceTest) => string) =>
    tests.map((test) => `${test.id} (${why(test)})`).join('; ') || 'none';
  return (
    `schedule: up to ${parallel} tests at once; alone, first: ${named(alone, (test) => test.serial!)}; ` +
    `started first: ${named(slow, (test) => test.slow!)}`
  );
}
