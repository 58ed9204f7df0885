// Runs a plan with mocha's programmatic API: one mocha suite per area, one mocha test per
// conformance test; tests that must not run are added as pending so mocha and the report agree on
// the total. Each test gets a fixture scope, a deadline and clean-up, whatever happens. With
// --parallel N the tests start by schedule.ts, up to N at once, and each mocha test only awaits
// its own: mocha reports them in plan order, and so do the progress lines, conformance.log (held
// back per test, run-log.ts) and the report, whatever order the tests finish in.
import { performance } from 'node:perf_hooks';
import Mocha from 'mocha';
import { testDeadline, type ConformanceTest } from './conformance-test.js';
import { createTestContext } from './context.js';
import type { FeatureName } from './features.js';
import type { Fixture } from './fixtures/fixture.js';
import type { ClusterClient } from './http/client.js';
import { testRetryScope, withRetryScope } from './http/retry.js';
import { collectingReporter, type MochaTestEvent } from './mocha-reporter.js';
import { isMissingPrerequisite } from './prerequisite.js';
import type { RunLog } from './run-log.js';
import { startScheduled } from './schedule.js';
import type { PlannedTest } from './selection.js';
import type { Timeouts } from './timeouts.js';
import type { TokenClients } from './users/token-client.js';
import type { UserPool } from './users/test-users.js';

export type OutcomeResult = 'passed' | 'failed' | 'skipped';

export interface TestOutcome {
  test: ConformanceTest;
  result: OutcomeResult;
  reason?: string;
  error?: string;
  durationMs: number;
  scope?: { cluster: string; namespace: string; workspace?: string; kept?: boolean };
}

export interface RunnerOptions {
  fixture: Fixture;
  timeouts: Timeouts;
  features: ReadonlySet<FeatureName>;
  log: RunLog;
  /** A client with a system:masters identity for a base URL, when the kubeconfig has one. */
  privileged?: (baseUrl: string) => ClusterClient;
  /** Where test users come from (ctx.users). */
  users?: UserPool;
  /** Clients authenticated by a bearer token alone (ctx.clientWithToken). */
  tokenClients?: Pick<TokenClients, 'clientWithToken'>;
  /** Aborting starts no more tests; the running ones are told to stop and are cleaned up. */
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
  /** How many tests may run at once (schedule.ts); default 1: one after another, in plan order. */
  parallel?: number;
  /** After this long without a progress line, a line names the tests still running; default 10 s. */
  heartbeatMs?: number;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error && !error.message.includes(error.cause.message)
      ? `\ncaused by: ${error.cause.message}`
      : '';
  return `${error.message}${cause}`;
}

/** Rejects when the deadline passes first, and aborts the controller so the test stops its work. */
async function withDeadline(
  work: Promise<void>,
  timeoutMs: number,
  controller: AbortController,
  what = 'test',
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`${what} did not finish within ${timeoutMs} ms`);
      // Reject first: a test that returns as soon as it is aborted must still count as timed out.
      reject(error);
      controller.abort(error);
    }, timeoutMs);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** How one started test ended, before it becomes an outcome. */
interface Execution {
  /** Why it failed; undefined when it passed. */
  error?: unknown;
  /** Whether the run was interrupted by the time it ended. */
  interrupted: boolean;
  durationMs: number;
  scope?: TestOutcome['scope'];
}

const HEARTBEAT_MS = 10_000;

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

export async function runPlan(plan: readonly PlannedTest[], options: RunnerOptions): Promise<TestOutcome[]> {
  const { fixture, timeouts, features, log, signal } = options;
  const parallel = Math.max(1, options.parallel ?? 1);
  const byId = new Map(plan.map((planned) => [planned.test.id, planned]));
  const outcomes = new Map<string, TestOutcome>();
  const executions = new Map<string, Execution | undefined>();
  const running = new Map<string, number>();
  /** The test mocha reports next: its log lines go straight through, the others' are held. */
  let reporting: string | undefined;
  let done = 0;
  let lastLine = performance.now();

  const say = (line: string): void => {
    lastLine = performance.now();
    options.onProgress?.(line);
  };

  const progress = (outcome: TestOutcome): void => {
    done += 1;
    const head = `[${done}/${plan.length}] ${outcome.result === 'passed' ? 'PASS' : outcome.result === 'failed' ? 'FAIL' : 'SKIP'} ${outcome.test.id}`;
    const tail =
      outcome.result === 'skipped'
        ? `: ${outcome.reason}`
        : ` (${outcome.durationMs} ms)${outcome.error ? `: ${outcome.error.split('\n', 1)[0]}` : ''}`;
    say(head + tail);
    log.write('harness', head + tail);
  };

  // Results wait for the test before them, so a long test would leave the screen silent.
  const heartbeat = setInterval(() => {
    const now = performance.now();
    if (now - lastLine < (options.heartbeatMs ?? HEARTBEAT_MS) || running.size === 0) return;
    const names = [...running].map(([id, started]) => `${id} (${seconds(now - started)})`);
    say(`… ${done} of ${plan.length} reported; running: ${names.join(', ')}`);
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  const outcomeOf = (planned: PlannedTest, event: MochaTestEvent): TestOutcome => {
    const { test, decision } = planned;
    if (!decision.run) return { test, result: 'skipped', reason: decision.reason, durationMs: 0 };
    if (event.state === 'pending') return { test, result: 'skipped', reason: 'skipped', durationMs: 0 };
    const execution = executions.has(test.id)
      ? executions.get(test.id)
      : // Only when the schedule itself failed: mocha holds the error.
        { error: event.error, interrupted: false, durationMs: event.durationMs };
    if (!execution) {
      return { test, result: 'skipped', reason: 'run interrupted before this test started', durationMs: 0 };
    }
    const base = { test, durationMs: Math.round(execution.durationMs), scope: execution.scope };
    if (execution.error === undefined) return { ...base, result: 'passed' };
    // Stopped by the user, not by the target: the test did not get to finish.
    if (execution.interrupted)
      return { ...base, result: 'skipped', reason: 'run interrupted while this test was running' };
    const { error } = execution;
    // The run lacks what the test needs and the user can supply (prerequisite.ts).
    if (isMissingPrerequisite(error)) return { ...base, result: 'skipped', reason: error.message };
    if (error instanceof Error && error.stack) log.write(test.id, error.stack);
    return { ...base, result: 'failed', error: describeError(error) };
  };

  const record = (event: MochaTestEvent): void => {
    const planned = byId.get(event.title);
    if (!planned || outcomes.has(event.title)) return;
    const outcome = outcomeOf(planned, event);
    outcomes.set(planned.test.id, outcome);
    progress(outcome);
  };

  const execute = async (test: ConformanceTest): Promise<Execution> => {
    const started = performance.now();
    const controller = new AbortController();
    running.set(test.id, started);
    if (test.id !== reporting) log.hold(test.id);
    const testSignal = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    let where: TestOutcome['scope'];
    const work = async (): Promise<void> => {
      log.write(test.id, `start: ${test.description}`);
      const scope = await fixture.acquire(test, testSignal);
      where = {
        cluster: scope.client.baseUrl,
        namespace: scope.namespace,
        ...(scope.workspace ? { workspace: scope.workspace.path } : {}),
      };
      // Only a test that failed on its own counts for --keep-on-failure, not one the user stopped.
      let failed = false;
      try {
        const ctx = createTestContext({
          testId: test.id,
          scope,
          timeouts,
          features,
          signal: testSignal,
          log,
          privileged: options.privileged,
          users: options.users,
          tokenClients: options.tokenClients,
        });
        const deadlineMs = testDeadline(test, timeouts);
        // HTTP retries are logged as the test's and never wait past its deadline (http/retry.ts).
        const retries = testRetryScope(test.id, (source, message) => log.write(source, message), {
          signal: testSignal,
          deadline: Date.now() + deadlineMs,
        });
        await withRetryScope(retries, () => withDeadline(test.run(ctx), deadlineMs, controller));
      } catch (error) {
        failed = !signal?.aborted && !isMissingPrerequisite(error);
        throw error;
      } finally {
        const { kept } = await scope.release({ failed });
        if (kept) where = { ...where, kept };
      }
    };
    const end = (error?: unknown): Execution => ({
      ...(error === undefined ? {} : { error }),
      interrupted: signal?.aborted ?? false,
      durationMs: performance.now() - started,
      scope: where,
    });
    try {
      // A safety net above the test's own deadline: fixture set-up and clean-up have their own bounds.
      const budget = testDeadline(test, timeouts) + fixture.budgetMs;
      await withDeadline(work(), budget, controller, 'test and its fixture');
      return end();
    } catch (error) {
      return end(error ?? new Error('the test failed without an error'));
    } finally {
      running.delete(test.id);
    }
  };

  const runnable = plan.filter((planned) => planned.decision.run).map((planned) => planned.test);
  const results = startScheduled(runnable, parallel, execute, () => signal?.aborted ?? false);

  const mocha = new Mocha({ reporter: collectingReporter(record), timeout: 0 });
  const areas = new Map<string, Mocha.Suite>();
  for (const { test, decision } of plan) {
    let suite = areas.get(test.area);
    if (!suite) {
      suite = Mocha.Suite.create(mocha.suite, test.area);
      areas.set(test.area, suite);
    }
    const awaitResult = async (): Promise<void> => {
      reporting = test.id;
      log.release(test.id);
      const execution = await results.get(test.id);
      executions.set(test.id, execution);
      if (execution?.error !== undefined) throw execution.error;
    };
    // Deadlines are the runner's (execute), which count from the test's start, not from its turn here.
    suite.addTest(decision.run ? new Mocha.Test(test.id, awaitResult) : new Mocha.Test(test.id));
  }

  const interrupt = (): void => {
    log.write('harness', 'run interrupted: no more tests start; the running ones are told to stop');
  };
  if (signal?.aborted) interrupt();
  else signal?.addEventListener('abort', interrupt, { once: true });
  try {
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
    // Every runnable test's mocha test awaited its result, so nothing is left running here.
  } finally {
    signal?.removeEventListener('abort', interrupt);
    clearInterval(heartbeat);
    mocha.dispose();
  }

  return plan.map(({ test }) => {
    const outcome = outcomes.get(test.id);
    if (outcome) return outcome;
    const skipped: TestOutcome = {
      test,
      result: 'skipped',
      reason: 'run interrupted before this test started',
      durationMs: 0,
    };
    progress(skipped);
    return skipped;
  });
}
