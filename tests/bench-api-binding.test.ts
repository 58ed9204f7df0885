// api-binding end to end against the reference server, small enough for CI: every phase
// produces its metrics and notes, no request fails, and the bench parent is gone afterwards; an
// interrupted run returns a partial result and still deletes it; a target without apis.kcp.io
// is refused before anything is created. No assertion on sizes or speed: CI machines vary.
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { createRunLog } from '../suites/framework/run-log.js';
import type { ClusterClient } from '../suites/framework/http/client.js';
import { WORKSPACES_PATH, type Workspace } from '../suites/framework/tenancy.js';
import { apiBindingEntry } from '../scenarios/api-binding/entry.js';
import { openBenchTarget, type OpenedBenchTarget } from '../scenarios/framework/bench-target.js';
import { quietProgress } from '../scenarios/framework/progress.js';
import { resultApiVersion } from '../scenarios/framework/result.js';
import { runOnTarget } from '../scenarios/framework/run-bench.js';
import type { BenchTarget } from '../scenarios/framework/scenario.js';
import { ScenarioRefused } from '../scenarios/framework/tenancy.js';

const fastSettle = { intervalMs: 100, consecutive: 2, tolerance: 0.5, maxMs: 2_000 };

describe('bench: api-binding on the reference server', function () {
  this.timeout(240_000);
  let opened: OpenedBenchTarget | undefined;
  let bench: BenchTarget;
  const log = createRunLog();

  before(async () => {
    opened = await openBenchTarget({ kind: 'reference' }, { log });
    bench = opened.target;
  });

  after(async () => {
    await opened?.stop();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(log.text().split('\n').slice(-40).join('\n'));
  });

  async function benchParents(): Promise<string[]> {
    const left = await bench.root.get<{ items: Workspace[] }>(WORKSPACES_PATH);
    expect(left.status).to.equal(200);
    return left.body.items.map((w) => w.metadata.name ?? '').filter((n) => n.startsWith('kh-bench-'));
  }

  it('measures RSS per binding and per bare workspace, bind latency and bound creates, then cleans up', async () => {
    const result = await runOnTarget(
      apiBindingEntry.prepare({
        consumers: 6,
        steps: [0, 4],
        objects: 10,
        concurrency: 3,
        settle: fastSettle,
      }),
      bench,
    );
    expect(result).to.include({
      apiVersion: resultApiVersion,
      kind: 'ScenarioResult',
      scenario: 'api-binding',
      partial: false,
      tenancy: 'workspaces',
    });
    expect(result.errors).to.deep.equal({});
    expect(result.parameters).to.include({ consumers: 6, objects: 10, concurrency: 3 });
    expect(result.parameters.steps).to.deep.equal([0, 4]);
    const metrics = new Map(result.metrics.map((m) => [m.name, m]));
    for (const name of [
      'exportIdentityMs',
      'bindLatencyP50Ms',
      'bindLatencyP90Ms',
      'bindLatencyP99Ms',
      'bindLatencyMaxMs',
      'bytesPerBinding',
      'bytesPerBareWorkspace',
      'bytesPerBoundWorkspace',
      'rss.firstStep',
      'rss.lastStep',
      'boundCreateP50Ms',
      'boundCreateP99Ms',
      'configMapCreateP50Ms',
      'configMapCreateP99Ms',
      'boundCreateOverheadP50Ms',
      'boundCreateOverheadP99Ms',
      'deleteToGone',
    ])
      expect(metrics.get(name)?.better, name).to.equal('lower');
    expect(metrics.get('bindingsBound')).to.include({ value: 6, better: 'higher' });
    expect(metrics.get('bytesPerBinding')?.unit).to.equal('bytes');
    expect(metrics.get('bindLatencyP99Ms')?.unit).to.equal('ms');
    expect(result.latencies.bind?.count).to.equal(6);
    expect(result.latencies.bindDuringSteps?.count).to.equal(4);
    expect(result.latencies.boundCreate?.count).to.equal(10);
    expect(result.latencies.configMapCreate?.count).to.equal(10);
    const p = result.latencies.bind!;
    expect(p.p50Ms).to.be.at.most(p.p99Ms);
    expect(p.p99Ms).to.be.at.most(p.maxMs);
    expect(result.series.map((s) => s.name)).to.have.members([
      'RSS vs consumer workspaces, all bound',
      'RSS of the bindings vs bindings',
      'RSS vs bare consumer workspaces',
    ]);
    const notes = result.notes.join('\n');
    for (const pattern of [
      /^design target .*under 2 KB .*50 ms p99 at 1,000 bindings$/m,
      /^RSS: VmRSS of pid \d+/m,
      /^provider: workspace root:kh-bench-\w+:provider /m,
      /^warm-up: consumer /m,
      /^RSS step 0: 0 consumer workspaces, 0 bound: /m,
      /^RSS step 4: 4 consumer workspaces, 0 bound: /m,
      /^RSS step 4: 4 consumer workspaces, all 4 bound: /m,
      /^RSS method: two settled samples per step/m,
      /^bytesPerBinding: -?\d+ bytes\/binding \(R² /m,
      /^bind latency: 6 of 6 consumer workspaces bound .* with 4 bindings of the steps already in place/m,
      /^create latency: 10 widgets .* and then 10 ConfigMaps/m,
      /^against the design target: /m,
      /^deleted root:kh-bench-\w+ with everything under it/m,
    ])
      expect(notes).to.match(pattern);
    expect(await benchParents()).to.deep.equal([]);
    console.log(
      `      api-binding: ${result.metrics.map((m) => `${m.name}=${m.value.toFixed(1)}`).join(' ')}`,
    );
  });

  it('returns a partial result when interrupted and still deletes its parent', async () => {
    const controller = new AbortController();
    const progress = {
      ...quietProgress(),
      log(line: string) {
        if (line.startsWith('steps:')) controller.abort();
      },
    };
    const result = await runOnTarget(
      apiBindingEntry.prepare({
        consumers: 4,
        steps: [0, 4],
        objects: 5,
        concurrency: 2,
        settle: fastSettle,
      }),
      bench,
      { signal: controller.signal, progress },
    );
    expect(result.partial).to.equal(true);
    expect(result.notes).to.include('interrupted while growing through the steps');
    expect(result.notes.some((n) => /^deleted root:kh-bench-\w+ \(DELETE answered 20\d/.test(n))).to.equal(
      true,
    );
    // Deletion is requested, not waited for, after an interrupt.
    for (let i = 0; i < 100 && (await benchParents()).length > 0; i += 1) await delay(200);
    expect(await benchParents()).to.deep.equal([]);
  });

  it('refuses a target that serves workspaces but not apis.kcp.io, before creating anything', async () => {
    const requests: string[] = [];
    const answer = (path: string) => {
      requests.push(path);
      return Promise.resolve({
        method: 'GET' as const,
        url: `https://example.invalid/clusters/root${path}`,
        status: 200,
        headers: {},
        body: { groups: [{ name: 'tenancy.kcp.io' }] },
        text: '',
      });
    };
    const root = {
      baseUrl: 'https://example.invalid/clusters/root',
      get: answer,
    } as unknown as ClusterClient;
    const target: BenchTarget = {
      ...bench,
      describe: 'a stub without apis.kcp.io',
      root,
      namespaceHost: root,
      workspaces: { served: true, evidence: ['stub'] },
    };
    let refused: unknown;
    try {
      await runOnTarget(apiBindingEntry.prepare({}), target);
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(ScenarioRefused);
    expect((refused as Error).message).to.match(
      /^api-binding measures APIBindings, and a stub without apis\.kcp\.io does not serve them \(.*does not list apis\.kcp\.io\)/,
    );
    expect(requests).to.deep.equal(['/apis']);
  });
});
