// The scenarios that run on plain Kubernetes, run with a namespace per unit (--tenancy
// namespaces) against the reference server, which is how they run against kube-apiserver: the
// result says so, nothing fails, no workspace is made, and every namespace and CRD is gone
// afterwards. The scenarios that measure workspaces refuse to run that way. Small enough for
// CI; no assertion on speed.
import { expect } from 'chai';
import { apiThroughputEntry } from '../scenarios/api-throughput/entry.js';
import { authorizationEntry } from '../scenarios/authorization/entry.js';
import { capacityEntry } from '../scenarios/capacity/entry.js';
import { crdFootprintEntry } from '../scenarios/crd-footprint/entry.js';
import { BENCH_GROUP } from '../scenarios/crd-footprint/manifests.js';
import { openBenchTarget, type OpenedBenchTarget } from '../scenarios/framework/bench-target.js';
import type { ScenarioResult } from '../scenarios/framework/result.js';
import { runOnTarget } from '../scenarios/framework/run-bench.js';
import { ScenarioRefused } from '../scenarios/framework/tenancy.js';
import { memoryPerWorkspaceEntry } from '../scenarios/memory-per-workspace/entry.js';
import { watchLatencyEntry } from '../scenarios/watch-latency/entry.js';
import { workspaceCreationEntry } from '../scenarios/workspace-creation/entry.js';
import { RUN_LABEL } from '../suites/framework/fixtures/namespace.js';
import { createRunLog } from '../suites/framework/run-log.js';
import { WORKSPACES_PATH, type Workspace } from '../suites/framework/tenancy.js';

const metric = (result: ScenarioResult, name: string): number | undefined =>
  result.metrics.find((m) => m.name === name)?.value;

interface Named {
  metadata: { name?: string; labels?: Record<string, string> };
  status?: { phase?: string };
}

describe('bench with a namespace per unit (--tenancy namespaces) on the reference server', function () {
  this.timeout(120_000);
  let opened: OpenedBenchTarget | undefined;
  const log = createRunLog();
  const namespaces = { tenancy: 'namespaces' as const };

  before(async () => {
    opened = await openBenchTarget({ kind: 'reference' }, { log });
  });
  after(async () => {
    await opened?.stop();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(log.text().split('\n').slice(-40).join('\n'));
  });

  const target = () => opened!.target;

  /** The bench's namespaces still there and not Terminating (deleted ones may linger a moment). */
  async function benchNamespaces(): Promise<string[]> {
    const response = await target().namespaceHost.get<{ items: Named[] }>('/api/v1/namespaces');
    expect(response.status).to.equal(200);
    return response.body.items
      .filter((ns) => ns.metadata.labels?.[RUN_LABEL]?.startsWith('kh-bench-'))
      .filter((ns) => ns.status?.phase !== 'Terminating')
      .map((ns) => ns.metadata.name ?? '');
  }

  async function benchWorkspaces(): Promise<string[]> {
    const response = await target().root.get<{ items: Workspace[] }>(WORKSPACES_PATH);
    expect(response.status).to.equal(200);
    return response.body.items
      .map((ws) => ws.metadata.name ?? '')
      .filter((name) => name.startsWith('kh-bench-'));
  }

  it('api-throughput spreads every verb over namespaces and says so in the result', async () => {
    const operations = ['get', 'list', 'update', 'patch', 'apply', 'create', 'delete'];
    const result = await runOnTarget(
      apiThroughputEntry.prepare({
        duration: 1,
        connections: 4,
        workspaces: 2,
        rate: 10,
        operations: operations.join(','),
      }),
      target(),
      namespaces,
    );
    expect(result).to.include({ scenario: 'api-throughput', tenancy: 'namespaces', partial: false });
    expect(result.errors).to.deep.equal({});
    expect(result.parameters).to.not.have.property('workspaceParent');
    expect(result.parameters.sent).to.deep.equal(Object.fromEntries(operations.map((op) => [op, 10])));
    for (const operation of operations) expect(result.latencies[operation]?.count, operation).to.equal(10);
    expect(result.notes.find((note) => note.startsWith('units: namespaces kh-bench-'))).to.match(
      new RegExp(`\\(label ${RUN_LABEL}=kh-bench-[a-z0-9]{5}\\) in https://`),
    );
    expect(result.notes.at(-1)).to.equal(
      'tenancy: a namespace per unit, as asked (--tenancy namespaces), although the target serves workspaces',
    );
    expect(await benchNamespaces()).to.deep.equal([]);
  });

  it('watch-latency watches namespaces and loses no event', async () => {
    const result = await runOnTarget(
      watchLatencyEntry.prepare({ watchers: 4, workspaces: 2, events: 30, rate: 30, settleSeconds: 5 }),
      target(),
      namespaces,
    );
    expect(result).to.include({ scenario: 'watch-latency', tenancy: 'namespaces', partial: false });
    expect(result.errors).to.deep.equal({});
    expect(result.parameters).to.include({ expectedReceipts: 60, receivedReceipts: 60 });
    expect(metric(result, 'eventsLost')).to.equal(0);
    expect(metric(result, 'duplicateEvents')).to.equal(0);
    expect(result.notes.join('\n')).to.contain('events matched by namespace + name + resourceVersion');
    expect(await benchNamespaces()).to.deep.equal([]);
  });

  it('authorization measures RoleBindings among others in a namespace and skips the workspace cache part', async () => {
    const result = await runOnTarget(
      authorizationEntry.prepare({ bindings: [0, 20], duration: 1, connections: 2, workspaces: 5 }),
      target(),
      namespaces,
    );
    expect(result).to.include({ scenario: 'authorization', tenancy: 'namespaces', partial: false });
    expect(result.errors).to.deep.equal({});
    for (const key of ['kubeconfigIdentity', 'bindings0', 'bindings20'])
      expect(metric(result, `${key}.requestsPerSecond`), key).to.be.greaterThan(0);
    expect(result.metrics.map((m) => m.name).filter((name) => name.startsWith('cache'))).to.deep.equal([]);
    expect(result.notes.find((note) => note.startsWith('cache memory not measured'))).to.contain(
      'a namespace per unit',
    );
    // The grant into root (kcp's `access` verb) was made for the run and deleted with it.
    const deleted = result.notes.filter((note) => note.startsWith('DELETE /apis/rbac.authorization.k8s.io'));
    expect(deleted).to.have.length(2);
    for (const note of deleted) expect(note).to.match(/: 200$/);
    expect(await benchNamespaces()).to.deep.equal([]);
  });

  it('crd-footprint measures N CRDs in the cluster, skips one CRD per workspace, and deletes its CRDs', async () => {
    const fastSettle = { intervalMs: 100, consecutive: 2, tolerance: 0.5, maxMs: 2_000 };
    const result = await runOnTarget(
      crdFootprintEntry.prepare({ crds: 3, workspaces: 4, objects: 10, concurrency: 4, settle: fastSettle }),
      target(),
      namespaces,
    );
    expect(result).to.include({ scenario: 'crd-footprint', tenancy: 'namespaces', partial: false });
    expect(result.errors).to.deep.equal({});
    const names = result.metrics.map((m) => m.name);
    for (const name of ['crdsEstablishedMs', 'bytesPerCrd', 'schemaValidationOverheadP50Ms'])
      expect(names, name).to.include(name);
    expect(names).to.not.include('bytesPerWorkspaceCrd');
    expect(
      result.notes.find((note) => note.startsWith('one CRD in each of 4 workspaces: not measured')),
    ).to.be.a('string');
    const crds = await target().namespaceHost.get<{ items: Named[] }>(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    );
    expect(
      crds.body.items.map((crd) => crd.metadata.name).filter((name) => name?.endsWith(BENCH_GROUP)),
    ).to.deep.equal([]);
    expect(await benchNamespaces()).to.deep.equal([]);
  });

  it('deletes its namespaces when interrupted, and marks the result partial', async () => {
    const controller = new AbortController();
    const running = runOnTarget(
      apiThroughputEntry.prepare({ duration: 5, connections: 2, workspaces: 2, rate: 10 }),
      target(),
      { ...namespaces, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 1_500);
    const result = await running;
    expect(result).to.include({ tenancy: 'namespaces', partial: true });
    expect(result.notes.find((note) => note.startsWith('deletion of 2 namespaces'))).to.match(
      /not waited for: interrupted/,
    );
    expect(await benchNamespaces()).to.deep.equal([]);
  });

  it('refuses the scenarios that measure workspaces, before creating anything', async () => {
    for (const prepared of [
      workspaceCreationEntry.prepare({ count: 1 }),
      memoryPerWorkspaceEntry.prepare({ steps: [0, 1] }),
      capacityEntry.prepare({ sloP99Ms: 1000 }),
    ]) {
      const refusal = await runOnTarget(prepared, target(), namespaces).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal, prepared.name).to.be.instanceOf(ScenarioRefused);
      expect((refusal as Error).message).to.match(new RegExp(`^${prepared.name} measures workspaces`));
    }
  });

  it('made no workspace at all', async () => {
    expect(await benchWorkspaces()).to.deep.equal([]);
  });
});
