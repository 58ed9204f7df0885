// api-throughput, watch-latency and capacity end to end against the reference server, small
// enough for CI: the shapes of their results, no errors, no lost events, nothing left behind.
// No assertion on how fast anything is: CI machines vary.
import { expect } from 'chai';
import { createRunLog } from '../suites/framework/run-log.js';
import { WORKSPACES_PATH, type Workspace } from '../suites/framework/tenancy.js';
import { apiThroughputEntry } from '../scenarios/api-throughput/entry.js';
import { capacityEntry } from '../scenarios/capacity/entry.js';
import { openBenchTarget, type OpenedBenchTarget } from '../scenarios/framework/bench-target.js';
import { runOnTarget } from '../scenarios/framework/run-bench.js';
import type { ScenarioResult } from '../scenarios/framework/result.js';
import type { BenchTarget } from '../scenarios/framework/scenario.js';
import { watchLatencyEntry } from '../scenarios/watch-latency/entry.js';

const metric = (result: ScenarioResult, name: string): number | undefined =>
  result.metrics.find((m) => m.name === name)?.value;

describe('bench: api-throughput, watch-latency, capacity on the reference server', function () {
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

  it('api-throughput measures GET, LIST and CREATE closed loop with autocannon, without errors', async () => {
    const result = await runOnTarget(
      apiThroughputEntry.prepare({ duration: 2, connections: 4, workspaces: 2 }),
      bench,
    );
    expect(result).to.include({
      apiVersion: 'kcp-harness.io/v1alpha1',
      kind: 'ScenarioResult',
      scenario: 'api-throughput',
      partial: false,
    });
    expect(result.environment.driver).to.match(/^autocannon \d/);
    expect(result.parameters).to.include({ mode: 'closed-loop', duration: 2, connections: 4, workspaces: 2 });
    expect(result.errors).to.deep.equal({});
    for (const operation of ['get', 'list', 'create']) {
      expect(metric(result, `${operation}RequestsPerSecond`), operation).to.be.greaterThan(0);
      const latency = result.latencies[operation];
      expect(latency?.count, operation).to.be.greaterThan(0);
      expect(latency?.p99Ms, operation).to.be.at.least(latency?.p50Ms ?? Infinity);
      expect(latency?.hdrBase64, operation).to.be.a('string');
    }
    console.log(
      `      api-throughput closed loop: ${result.metrics.map((m) => `${m.name}=${m.value.toFixed(1)}`).join(' ')}`,
    );
  });

  it('api-throughput --rate runs open loop with latencies from the scheduled start, without errors', async () => {
    const result = await runOnTarget(
      apiThroughputEntry.prepare({ duration: 1, connections: 4, workspaces: 2, rate: 20 }),
      bench,
    );
    expect(result.partial).to.equal(false);
    expect(result.parameters).to.include({ mode: 'open-loop', rate: 20 });
    expect(result.parameters.sent).to.deep.equal({ get: 20, list: 20, create: 20 });
    expect(result.errors).to.deep.equal({});
    for (const operation of ['get', 'list', 'create'])
      expect(result.latencies[operation]?.count, operation).to.equal(20);
    console.log(
      `      api-throughput --rate 20: ${result.metrics.map((m) => `${m.name}=${m.value.toFixed(1)}`).join(' ')}`,
    );
  });

  it('api-throughput measures every verb; DELETE removes exactly what CREATE made', async () => {
    const operations = ['get', 'list', 'update', 'patch', 'apply', 'create', 'delete'];
    const result = await runOnTarget(
      apiThroughputEntry.prepare({
        duration: 1,
        connections: 4,
        workspaces: 2,
        rate: 15,
        operations: operations.join(','),
      }),
      bench,
    );
    expect(result.partial).to.equal(false);
    expect(result.parameters.operations).to.deep.equal(operations);
    expect(result.parameters.sent).to.deep.equal(Object.fromEntries(operations.map((op) => [op, 15])));
    expect(result.errors).to.deep.equal({});
    for (const operation of operations) expect(result.latencies[operation]?.count, operation).to.equal(15);
    console.log(
      `      api-throughput all verbs --rate 15: ${result.metrics.map((m) => `${m.name}=${m.value.toFixed(1)}`).join(' ')}`,
    );
  });

  it('watch-latency delivers every event to every watcher exactly once', async () => {
    const result = await runOnTarget(
      watchLatencyEntry.prepare({ watchers: 4, workspaces: 2, events: 40 }),
      bench,
    );
    expect(result).to.include({ scenario: 'watch-latency', partial: false });
    expect(result.errors).to.deep.equal({});
    // 40 writes over 2 workspaces, each workspace watched by 2 of the 4 watchers.
    expect(result.parameters).to.include({ expectedReceipts: 80, receivedReceipts: 80 });
    expect(metric(result, 'eventsLost')).to.equal(0);
    expect(metric(result, 'duplicateEvents')).to.equal(0);
    expect(result.latencies.watch?.count).to.equal(80);
    for (const name of ['watchLatencyP50Ms', 'watchLatencyP99Ms', 'watchLatencyMaxMs']) {
      expect(metric(result, name), name).to.be.at.least(0);
    }
    expect(result.series[0]?.points).to.have.length(40);
    expect(result.notes[0]).to.match(/^events lost: 0 of 80/);
    console.log(
      `      watch-latency: ${result.metrics.map((m) => `${m.name}=${m.value.toFixed(2)}`).join(' ')}`,
    );
  });

  it('capacity climbs the ladder and reports the highest sustainable creation rate, without errors', async () => {
    const result = await runOnTarget(
      capacityEntry.prepare({ startRate: 5, maxRate: 40, probeCount: 10, sloP99Ms: 2000 }),
      bench,
    );
    expect(result).to.include({ scenario: 'capacity', partial: false });
    expect(result.errors).to.deep.equal({});
    const rate = metric(result, 'maxSustainableRate');
    expect(rate).to.be.greaterThan(0).and.at.most(40);
    const points = result.series.find((s) => s.name === 'p99 create→Ready vs rate')?.points ?? [];
    expect(points.length).to.be.at.least(1);
    expect(points.map(([offered]) => offered)).to.include(rate);
    for (const [offered] of points)
      expect(result.latencies[`createToReady@${offered}/s`]?.count).to.equal(10);
    console.log(`      capacity: maxSustainableRate=${rate}; p99 by rate ${JSON.stringify(points)}`);
  });

  it('leaves no bench workspace behind', async () => {
    const response = await bench.root.get<{ items: Workspace[] }>(WORKSPACES_PATH);
    expect(response.status).to.equal(200);
    const names = response.body.items.map((workspace) => workspace.metadata.name ?? '');
    expect(names.filter((name) => name.startsWith('kh-bench-'))).to.deep.equal([]);
  });
});
