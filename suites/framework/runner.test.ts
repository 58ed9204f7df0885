import { expect } from 'chai';
import type { ConformanceTest, TestContext } from './conformance-test.js';
import type { Fixture } from './fixtures/fixture.js';
import { createClusterClient } from './http/client.js';
import { createTransport } from './http/transport.js';
import { createRunLog } from './run-log.js';
import { runPlan } from './runner.js';
import { planTests } from './selection.js';
import { resolveTimeouts } from './timeouts.js';
import { Feature, type FeatureName } from './features.js';
import { impersonationPool } from './users/test-users.js';

// The runner's own logic (outcomes, deadlines, clean-up, interrupts) with tests that never touch
// the network; the end-to-end test exercises it against a real server.
const transport = createTransport(
  { server: 'https://127.0.0.1:1', context: 'x', kubeconfigPath: 'x', tls: {}, headers: {} },
  resolveTimeouts(),
);
const client = createClusterClient(transport, 'https://127.0.0.1:1/clusters/root');

function recordingFixture(events: string[]): Fixture {
  return {
    describe: 'in memory',
    budgetMs: 1000,
    async acquire(test) {
      events.push(`acquire ${test.id}`);
      return {
        client,
        namespace: `ns-${test.id.split('/')[1]}`,
        workspace: undefined,
        createWorkspace: () => Promise.reject(new Error('no workspaces')),
        async release({ failed }) {
          events.push(`release ${test.id}${failed ? ' (failed)' : ''}`);
          return { kept: failed };
        },
      };
    },
    async close() {},
    info: () => ({ kind: 'namespace', describe: 'in memory', reason: 'unit test' }),
  };
}

const test = (
  id: string,
  run: (ctx: TestContext) => Promise<void>,
  features: FeatureName[] = [Feature.ConfigMaps],
): ConformanceTest => ({
  id: `unit/${id}`,
  area: 'unit',
  description: 'It MUST behave.',
  level: 'MUST',
  features,
  source: ['kubernetes: x.go'],
  run,
});

describe('runner', () => {
  after(() => transport.agent.destroy());

  it('reports passed, failed and skipped tests, with progress lines, and always releases the fixture', async () => {
    const events: string[] = [];
    const progress: string[] = [];
    const tests = [
      test('passes', async (ctx) => void events.push(`run in ${ctx.namespace}`)),
      test('fails', async () => {
        throw new Error('expected 404, got 500');
      }),
      test('needs-watch', async () => {}, [Feature.Watch]),
    ];
    const plan = planTests(tests, { supported: new Set([Feature.ConfigMaps]) });
    const outcomes = await runPlan(plan, {
      fixture: recordingFixture(events),
      timeouts: resolveTimeouts(),
      features: new Set([Feature.ConfigMaps]),
      log: createRunLog(),
      onProgress: (line) => progress.push(line),
    });
    expect(outcomes.map((o) => o.result)).to.deep.equal(['passed', 'failed', 'skipped']);
    expect(outcomes[1]!.error).to.equal('expected 404, got 500');
    expect(outcomes[2]!.reason).to.equal('feature not supported by the target: Watch');
    expect(outcomes[0]!.scope).to.deep.equal({
      cluster: 'https://127.0.0.1:1/clusters/root',
      namespace: 'ns-passes',
    });
    expect(events).to.deep.equal([
      'acquire unit/passes',
      'run in ns-passes',
      'release unit/passes',
      'acquire unit/fails',
      'release unit/fails (failed)',
    ]);
    // The fixture's answer to release ends up in the outcome (--keep-on-failure bookkeeping).
    expect(outcomes[1]!.scope).to.deep.equal({
      cluster: 'https://127.0.0.1:1/clusters/root',
      namespace: 'ns-fails',
      kept: true,
    });
    expect(progress[0]).to.match(/^\[1\/3\] PASS unit\/passes \(\d+ ms\)$/);
    expect(progress[1]).to.match(/^\[2\/3\] FAIL unit\/fails \(\d+ ms\): expected 404, got 500$/);
    expect(progress[2]).to.equal('[3/3] SKIP unit/needs-watch: feature not supported by the target: Watch');
  });

  it('fails a test that overruns its deadline and aborts its signal', async () => {
    let aborted = false;
    const slow = test('slow', (ctx) =>
      new Promise<void>((resolve) =>
        ctx.signal.addEventListener('abort', () => {
          aborted = true;
          resolve();
        }),
      ));
    const [outcome] = await runPlan(planTests([slow], { supported: new Set([Feature.ConfigMaps]) }), {
      fixture: recordingFixture([]),
      timeouts: resolveTimeouts({ test: 50 }),
      features: new Set(),
      log: createRunLog(),
    });
    expect(outcome).to.include({ result: 'failed', error: 'test did not finish within 50 ms' });
    expect(aborted).to.equal(true);
  });

  it('gives a test that declares a deadline that long instead of the test timeout', async () => {
    const patient: ConformanceTest = {
      ...test('patient', () => new Promise<void>((resolve) => setTimeout(resolve, 150))),
      deadline: (timeouts) => timeouts.test * 20,
    };
    const [outcome] = await runPlan(planTests([patient], { supported: new Set([Feature.ConfigMaps]) }), {
      fixture: recordingFixture([]),
      timeouts: resolveTimeouts({ test: 50 }),
      features: new Set(),
      log: createRunLog(),
    });
    expect(outcome).to.include({ result: 'passed' });
  });

  it("hands a test the run's users and token clients for its own workspace", async () => {
    const seen: string[] = [];
    const users = impersonationPool(
      { name: 'admin', scoped: false, groups: ['system:authenticated'], clientAt: (url) => client.at(url) },
      'run1',
    );
    const probe = test('identities', async (ctx) => {
      const [alice, bob] = ctx.users(2);
      seen.push(`${alice.name} ${bob.name} ${alice.client.baseUrl}`);
      seen.push(ctx.clientWithToken('t').baseUrl, ctx.clientWithToken('t', 'https://h/clusters/x').baseUrl);
    });
    const [outcome] = await runPlan(planTests([probe], { supported: new Set([Feature.ConfigMaps]) }), {
      fixture: recordingFixture([]),
      timeouts: resolveTimeouts(),
      features: new Set(),
      log: createRunLog(),
      users,
      tokenClients: { clientWithToken: (_token, baseUrl) => client.at(baseUrl) },
    });
    expect(outcome).to.include({ result: 'passed' });
    expect(seen).to.deep.equal([
      'kh-run1-user-1 kh-run1-user-2 https://127.0.0.1:1/clusters/root',
      'https://127.0.0.1:1/clusters/root',
      'https://h/clusters/x',
    ]);
  });

  it('fails a test that asks for users or token clients the run does not have', async () => {
    const tests = [
      test('wants-users', async (ctx) => void ctx.users(1)),
      test('wants-token', async (ctx) => void ctx.clientWithToken('t')),
    ];
    const outcomes = await runPlan(planTests(tests, { supported: new Set([Feature.ConfigMaps]) }), {
      fixture: recordingFixture([]),
      timeouts: resolveTimeouts(),
      features: new Set(),
      log: createRunLog(),
    });
    expect(outcomes.map((o) => o.error)).to.deep.equal([
      'this run has no test users',
      'this run cannot make token clients',
    ]);
  });

  it('on interrupt stops the running test and reports the rest as skipped', async () => {
    const controller = new AbortController();
    const events: string[] = [];
    const tests = [
      test('running', (ctx) => {
        controller.abort();
        return new Promise<void>((_, reject) => {
          if (ctx.signal.aborted) reject(new Error('aborted'));
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
        });
      }),
      test('later', async () => void events.push('later ran')),
    ];
    const outcomes = await runPlan(planTests(tests, { supported: new Set([Feature.ConfigMaps]) }), {
      fixture: recordingFixture(events),
      timeouts: resolveTimeouts(),
      features: new Set(),
      log: createRunLog(),
      signal: controller.signal,
    });
    expect(outcomes.map((o) => [o.result, o.reason])).to.deep.equal([
      ['skipped', 'run interrupted while this test was running'],
      ['skipped', 'run interrupted before this test started'],
    ]);
    // Stopped by the user, not failed: nothing is kept for inspection.
    expect(events).to.deep.equal(['acquire unit/running', 'release unit/running']);
  });
});
