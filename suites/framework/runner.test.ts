import { expect } from 'chai';
import { json, startScriptedServer, status } from '../../tests/support/scripted-https-server.js';
import type { ConformanceTest, TestContext } from './conformance-test.js';
import type { Fixture } from './fixtures/fixture.js';
import { createClusterClient } from './http/client.js';
import { createTransport } from './http/transport.js';
import { createRunLog } from './run-log.js';
import { runPlan } from './runner.js';
import { planTests } from './selection.js';
import { resolveTimeouts } from './timeouts.js';
import { Feature, type FeatureName } from './features.js';
import { impersonationPool, unavailablePool } from './users/test-users.js';

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

  it('skips a test whose prerequisite the user can supply, and fails one the run cannot serve', async () => {
    const events: string[] = [];
    const tests = [
      test('wants-users', async (ctx) => void ctx.users(1)),
      test('wants-more-users', async (ctx) => void ctx.users(3)),
      test('wants-token', async (ctx) => void ctx.clientWithToken('t')),
    ];
    const progress: string[] = [];
    const pool = unavailablePool('nobody may impersonate');
    const outcomes = await runPlan(planTests(tests, { supported: new Set([Feature.ConfigMaps]) }), {
      fixture: recordingFixture(events),
      timeouts: resolveTimeouts(),
      features: new Set(),
      log: createRunLog(),
      users: pool,
      onProgress: (line) => progress.push(line),
    });
    expect(outcomes.map((o) => o.result)).to.deep.equal(['skipped', 'skipped', 'failed']);
    expect(outcomes[1]!.reason).to.match(
      /^needs 3 test users: pass --users-kubeconfig FILE \(see README, Test users\).*; here nobody may impersonate$/,
    );
    expect(outcomes[2]!.error).to.equal('this run cannot make token clients');
    expect(progress[0]).to.match(
      /^\[1\/3\] SKIP unit\/wants-users: needs 1 test user: pass --users-kubeconfig/,
    );
    // A skipped test's workspace is not kept as a failed one's would be.
    expect(events.filter((event) => event.startsWith('release'))).to.deep.equal([
      'release unit/wants-users',
      'release unit/wants-more-users',
      'release unit/wants-token (failed)',
    ]);
  });

  it('skips a test that needs users in a run without a user pool', async () => {
    const [outcome] = await runPlan(
      planTests([test('no-pool', async (ctx) => void ctx.users(1))], {
        supported: new Set([Feature.ConfigMaps]),
      }),
      {
        fixture: recordingFixture([]),
        timeouts: resolveTimeouts(),
        features: new Set(),
        log: createRunLog(),
      },
    );
    expect(outcome).to.include({ result: 'skipped', reason: 'needs test users, and this run has none' });
  });

  it("logs a test's HTTP retries as its own lines", async () => {
    const server = await startScriptedServer();
    try {
      server.script(
        status(429, 'TooManyRequests', 'storage is (re)initializing', { 'retry-after': '0' }),
        json(200, { kind: 'WidgetList', items: [] }),
      );
      const log = createRunLog();
      const [outcome] = await runPlan(
        planTests(
          [
            test('lists-widgets', async () => {
              const response = await server.client().get('/apis/example.com/v1/widgets');
              if (response.status !== 200) throw new Error(`got ${response.status}`);
            }),
          ],
          { supported: new Set([Feature.ConfigMaps]) },
        ),
        { fixture: recordingFixture([]), timeouts: resolveTimeouts(), features: new Set(), log },
      );
      expect(outcome).to.include({ result: 'passed' });
      expect(log.text()).to.match(
        /\[unit\/lists-widgets\] HTTP retry 1\/10: GET \/apis\/example.com\/v1\/widgets answered 429 TooManyRequests: storage is \(re\)initializing \(Retry-After 0 s\); 1 retry in this run\n/,
      );
    } finally {
      await server.close();
    }
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

describe('runner with --parallel', () => {
  const supported = { supported: new Set<FeatureName>([Feature.ConfigMaps]) };
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  /** Counts how many tests run at once, and which ran beside a given one. */
  function overlapTracker() {
    const now = new Set<string>();
    const beside = new Map<string, Set<string>>();
    let most = 0;
    return {
      most: () => most,
      beside: (id: string) => [...(beside.get(id) ?? [])].sort(),
      async during(id: string, work: () => Promise<void>) {
        now.add(id);
        most = Math.max(most, now.size);
        for (const other of now) {
          if (other === id) continue;
          beside.set(id, (beside.get(id) ?? new Set()).add(other));
          beside.set(other, (beside.get(other) ?? new Set()).add(id));
        }
        try {
          await work();
        } finally {
          now.delete(id);
        }
      },
    };
  }

  it('runs tests at once but reports them, their log lines and progress in plan order', async () => {
    const overlap = overlapTracker();
    const finished: string[] = [];
    // Each test takes less time than the one before it, so they finish in reverse plan order.
    const tests = [80, 60, 40, 20].map((ms, n) =>
      test(`t${n}`, (ctx) =>
        overlap.during(`t${n}`, async () => {
          ctx.log(`t${n} begins`);
          await sleep(ms);
          ctx.log(`t${n} ends`);
          finished.push(`t${n}`);
          if (n === 2) throw new Error('t2 fails');
        })),
    );
    const log = createRunLog();
    const progress: string[] = [];
    const outcomes = await runPlan(planTests(tests, supported), {
      fixture: recordingFixture([]),
      timeouts: resolveTimeouts(),
      features: new Set(),
      log,
      parallel: 4,
      onProgress: (line) => progress.push(line),
    });
    expect(finished).to.deep.equal(['t3', 't2', 't1', 't0']);
    expect(overlap.most()).to.equal(4);
    expect(outcomes.map((o) => `${o.test.id} ${o.result}`)).to.deep.equal([
      'unit/t0 passed',
      'unit/t1 passed',
      'unit/t2 failed',
      'unit/t3 passed',
    ]);
    // Durations are each test's own, not the time it waited for its turn in the report.
    expect(outcomes[3]!.durationMs).to.be.below(outcomes[0]!.durationMs);
    expect(progress.map((line) => line.replace(/ \(\d+ ms\)/, ''))).to.deep.equal([
      '[1/4] PASS unit/t0',
      '[2/4] PASS unit/t1',
      '[3/4] FAIL unit/t2: t2 fails',
      '[4/4] PASS unit/t3',
    ]);
    // conformance.log: each test's lines form one block, the blocks in plan order.
    const sources = log
      .text()
      .trimEnd()
      .split('\n')
      .map((line) => /^\S+ \[([^\]]+)\]/.exec(line)![1]!)
      .filter((source, i, all) => source !== all[i - 1]);
    expect(sources).to.deep.equal([
      'unit/t0',
      'harness',
      'unit/t1',
      'harness',
      'unit/t2',
      'harness',
      'unit/t3',
      'harness',
    ]);
    expect(log.text()).to.match(/\[unit\/t3\] start: .*\n.*\[unit\/t3\] t3 begins\n.*\[unit\/t3\] t3 ends\n/);
  });

  it('runs a serial test alone, before the others, and starts slow tests first', async () => {
    const overlap = overlapTracker();
    const started: string[] = [];
    const quick = (id: string, extra: Partial<ConformanceTest> = {}): ConformanceTest => ({
      ...test(id, () => {
        started.push(id);
        return overlap.during(id, () => sleep(extra.slow ? 100 : 20));
      }),
      ...extra,
    });
    const tests = [
      quick('a'),
      quick('root-binding', { serial: 'binds a role in root' }),
      quick('b'),
      quick('c'),
      quick('waits', { slow: 'waits for a periodic event' }),
      quick('wildcard', { serial: 'watches every logical cluster' }),
    ];
    const outcomes = await runPlan(planTests(tests, supported), {
      fixture: recordingFixture([]),
      timeouts: resolveTimeouts(),
      features: new Set(),
      log: createRunLog(),
      parallel: 3,
    });
    expect(outcomes.map((o) => o.result)).to.deep.equal(Array(6).fill('passed'));
    expect(outcomes.map((o) => o.test.id.slice('unit/'.length))).to.deep.equal([
      'a',
      'root-binding',
      'b',
      'c',
      'waits',
      'wildcard',
    ]);
    expect(started).to.deep.equal(['root-binding', 'wildcard', 'waits', 'a', 'b', 'c']);
    expect(overlap.beside('root-binding')).to.deep.equal([]);
    expect(overlap.beside('wildcard')).to.deep.equal([]);
    expect(overlap.beside('waits')).to.deep.equal(['a', 'b', 'c']);
    expect(overlap.most()).to.equal(3);
  });

  it('keeps plan order with --parallel 1, serial and slow tests included', async () => {
    const started: string[] = [];
    const tests = ['a', 'b', 'c'].map((id) => ({
      ...test(id, async () => void started.push(id)),
      ...(id === 'b' ? { serial: 'binds a role in root' } : id === 'c' ? { slow: 'waits' } : {}),
    }));
    await runPlan(planTests(tests, supported), {
      fixture: recordingFixture([]),
      timeouts: resolveTimeouts(),
      features: new Set(),
      log: createRunLog(),
      parallel: 1,
    });
    expect(started).to.deep.equal(['a', 'b', 'c']);
  });

  it('on interrupt stops every running test, cleans each up and starts no more', async () => {
    const controller = new AbortController();
    const events: string[] = [];
    let waiting = 0;
    const stoppable = (id: string) =>
      test(id, (ctx) => {
        // The second of the two running tests interrupts the run once both wait.
        waiting += 1;
        if (waiting === 2) setTimeout(() => controller.abort(), 10);
        return new Promise<void>((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      });
    const tests = [
      stoppable('one'),
      stoppable('two'),
      test('three', async () => void events.push('three ran')),
    ];
    const outcomes = await runPlan(planTests(tests, supported), {
      fixture: recordingFixture(events),
      timeouts: resolveTimeouts(),
      features: new Set(),
      log: createRunLog(),
      signal: controller.signal,
      parallel: 2,
    });
    expect(outcomes.map((o) => o.reason)).to.deep.equal([
      'run interrupted while this test was running',
      'run interrupted while this test was running',
      'run interrupted before this test started',
    ]);
    expect([...events].sort()).to.deep.equal([
      'acquire unit/one',
      'acquire unit/two',
      'release unit/one',
      'release unit/two',
    ]);
  });

  it('says which tests are still running when results wait for a long one', async () => {
    const progress: string[] = [];
    await runPlan(planTests([test('long', () => sleep(120)), test('short', async () => {})], supported), {
      fixture: recordingFixture([]),
      timeouts: resolveTimeouts(),
      features: new Set(),
      log: createRunLog(),
      parallel: 2,
      heartbeatMs: 40,
      onProgress: (line) => progress.push(line),
    });
    expect(progress[0]).to.match(/^… 0 of 2 reported; running: unit\/long \(\d+ s\)$/);
    expect(progress.slice(-2).map((line) => line.replace(/ \(\d+ ms\)/, ''))).to.deep.equal([
      '[1/2] PASS unit/long',
      '[2/2] PASS unit/short',
    ]);
  });
});
