// Runs a plan with mocha's programmatic API: one mocha suite per area, one mocha test per
// conformance test; tests that must not run are added as pending so mocha and the report agree on
// the total. Each test gets a fixture scope, a deadline and clean-up, whatever happens.
import Mocha from 'mocha';
import { testDeadline, type ConformanceTest } from './conformance-test.js';
import { createTestContext } from './context.js';
import type { FeatureName } from './features.js';
import type { Fixture } from './fixtures/fixture.js';
import type { ClusterClient } from './http/client.js';
import { collectingReporter, type MochaTestEvent } from './mocha-reporter.js';
import type { RunLog } from './run-log.js';
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
  /** Aborting stops the run after the current test, which is itself told to stop. */
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
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
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`test did not finish within ${timeoutMs} ms`);
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

export async function runPlan(plan: readonly PlannedTest[], options: RunnerOptions): Promise<TestOutcome[]> {
  const { fixture, timeouts, features, log, signal } = options;
  const byId = new Map(plan.map((planned) => [planned.test.id, planned]));
  const outcomes = new Map<string, TestOutcome>();
  const scopes = new Map<string, TestOutcome['scope']>();
  let current: AbortController | undefined;
  let done = 0;

  const progress = (outcome: TestOutcome): void => {
    done += 1;
    const head = `[${done}/${plan.length}] ${outcome.result === 'passed' ? 'PASS' : outcome.result === 'failed' ? 'FAIL' : 'SKIP'} ${outcome.test.id}`;
    const tail =
      outcome.result === 'skipped'
        ? `: ${outcome.reason}`
        : ` (${outcome.durationMs} ms)${outcome.error ? `: ${outcome.error.split('\n', 1)[0]}` : ''}`;
    options.onProgress?.(head + tail);
    log.write('harness', head + tail);
  };

  const record = (event: MochaTestEvent): void => {
    const planned = byId.get(event.title);
    if (!planned || outcomes.has(event.title)) return;
    const { test, decision } = planned;
    const base = { test, durationMs: Math.round(event.durationMs), scope: scopes.get(test.id) };
    let outcome: TestOutcome;
    if (event.state === 'pending') {
      outcome = { ...base, result: 'skipped', reason: decision.run ? 'skipped' : decision.reason };
    } else if (event.state === 'failed' && signal?.aborted) {
      // Stopped by the user, not by the target: the test did not get to finish.
      outcome = { ...base, result: 'skipped', reason: 'run interrupted while this test was running' };
    } else if (event.state === 'failed') {
      outcome = { ...base, result: 'failed', error: describeError(event.error) };
      if (event.error instanceof Error && event.error.stack) log.write(test.id, event.error.stack);
    } else {
      outcome = { ...base, result: 'passed' };
    }
    outcomes.set(test.id, outcome);
    progress(outcome);
  };

  const execute = async (test: ConformanceTest): Promise<void> => {
    const controller = new AbortController();
    current = controller;
    const testSignal = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    log.write(test.id, `start: ${test.description}`);
    const scope = await fixture.acquire(test, testSignal);
    const where = {
      cluster: scope.client.baseUrl,
      namespace: scope.namespace,
      ...(scope.workspace ? { workspace: scope.workspace.path } : {}),
    };
    scopes.set(test.id, where);
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
      await withDeadline(test.run(ctx), testDeadline(test, timeouts), controller);
    } catch (error) {
      failed = !signal?.aborted;
      throw error;
    } finally {
      const { kept } = await scope.release({ failed });
      if (kept) scopes.set(test.id, { ...where, kept });
      current = undefined;
    }
  };

  const mocha = new Mocha({ reporter: collectingReporter(record), timeout: 0 });
  const areas = new Map<string, Mocha.Suite>();
  for (const { test, decision } of plan) {
    let suite = areas.get(test.area);
    if (!suite) {
      suite = Mocha.Suite.create(mocha.suite, test.area);
      areas.set(test.area, suite);
    }
    const mochaTest = decision.run ? new Mocha.Test(test.id, () => execute(test)) : new Mocha.Test(test.id);
    // A safety net above our own deadline: fixture set-up and clean-up have their own bounds.
    mochaTest.timeout(testDeadline(test, timeouts) + fixture.budgetMs);
    suite.addTest(mochaTest);
  }

  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    const interrupt = (): void => {
      log.write('harness', 'run interrupted: stopping after the current test');
      runner.abort();
      current?.abort(new Error('run interrupted'));
    };
    if (signal?.aborted) interrupt();
    else signal?.addEventListener('abort', interrupt, { once: true });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => signal?.removeEventListener('abort', interrupt));
  });
  mocha.dispose();

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
