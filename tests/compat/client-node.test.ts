// @kubernetes/client-node (1.x: 2.x needs undici 8 and so Node >= 22.19), used the way an operator author would, against the reference
// server and the admin.kubeconfig it writes (context root: https://host:port/clusters/root).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ClientNode from '@kubernetes/client-node';
import type { ApiException, CoreV1Api, KubeConfig, V1ConfigMap } from '@kubernetes/client-node';
import { expect } from 'chai';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const NAMESPACE = 'default';
const WAIT_MS = 10_000;

const suffix = (): string => randomBytes(3).toString('hex');

interface SeenEvent {
  type: string;
  name: string;
  resourceVersion: string;
  data: Record<string, string> | undefined;
}

/** Resolves once check() holds, re-checked whenever notify() is called; rejects at the deadline. */
function waitFor(check: () => boolean, what: () => string): { promise: Promise<void>; notify: () => void } {
  let notify: () => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what()}`)),
      WAIT_MS,
    );
    timer.unref();
    notify = () => {
      if (check()) {
        clearTimeout(timer);
        resolve();
      }
    };
  });
  // A test that fails before awaiting this must not leave an unhandled rejection behind.
  promise.catch(() => undefined);
  return { promise, notify };
}

describe('@kubernetes/client-node compatibility', function () {
  this.timeout(60_000);
  let rootDirectory: string | undefined;
  let server: ServerProcess | undefined;
  let k8s: typeof ClientNode;
  let config: KubeConfig;
  let core: CoreV1Api;

  before(async function () {
    k8s = await import('@kubernetes/client-node');
    rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-client-node-'));
    server = await startServerProcess({ rootDirectory });
    config = new k8s.KubeConfig();
    config.loadFromFile(server.kubeconfigPath);
    expect(config.getCurrentContext()).to.equal('root');
    core = config.makeApiClient(k8s.CoreV1Api);
  });

  after(async function () {
    await server?.stop();
    if (rootDirectory) await rm(rootDirectory, { recursive: true, force: true });
  });

  it('lists namespaces', async function () {
    const list = await core.listNamespace();
    expect(list.metadata?.resourceVersion).to.be.a('string').and.not.equal('');
    expect(list.items.map((ns) => ns.metadata?.name)).to.include('default');
    expect(list.items.find((ns) => ns.metadata?.name === 'default')?.status?.phase).to.equal('Active');
  });

  it('creates, reads, replaces and deletes a configmap', async function () {
    const name = `client-node-${suffix()}`;
    const created = await core.createNamespacedConfigMap({
      namespace: NAMESPACE,
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, labels: { app: 'client-node' } },
        data: { color: 'blue' },
      },
    });
    expect(created.metadata?.name).to.equal(name);
    expect(created.metadata?.uid).to.be.a('string').and.not.equal('');
    const createdVersion = created.metadata?.resourceVersion;
    expect(createdVersion).to.be.a('string').and.not.equal('');

    const read = await core.readNamespacedConfigMap({ name, namespace: NAMESPACE });
    expect(read.data).to.deep.equal({ color: 'blue' });
    expect(read.metadata?.labels).to.deep.equal({ app: 'client-node' });
    expect(read.metadata?.resourceVersion).to.equal(createdVersion);

    const replaced = await core.replaceNamespacedConfigMap({
      name,
      namespace: NAMESPACE,
      body: { ...read, data: { color: 'green' } },
    });
    expect(replaced.data).to.deep.equal({ color: 'green' });
    expect(replaced.metadata?.uid).to.equal(created.metadata?.uid);
    expect(replaced.metadata?.resourceVersion).to.not.equal(createdVersion);

    // Replacing with the stale resourceVersion is an optimistic-concurrency conflict.
    const stale = await core
      .replaceNamespacedConfigMap({ name, namespace: NAMESPACE, body: { ...read, data: { color: 'red' } } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(stale).to.be.instanceOf(k8s.ApiException);
    expect((stale as ApiException<unknown>).code).to.equal(409);

    await core.deleteNamespacedConfigMap({ name, namespace: NAMESPACE });
    const after = await core.listNamespacedConfigMap({
      namespace: NAMESPACE,
      fieldSelector: `metadata.name=${name}`,
    });
    expect(after.items).to.deep.equal([]);
  });

  it('renews a Lease as leader election does (coordination.k8s.io/v1), and a bad duration is 422', async function () {
    const leases = config.makeApiClient(k8s.CoordinationV1Api);
    const name = `leader-${suffix()}`;
    // MicroTime fields take k8s.V1MicroTime (six fractional digits); a plain Date is refused by kube.
    const acquired = new k8s.V1MicroTime();
    const created = await leases.createNamespacedLease({
      namespace: NAMESPACE,
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name },
        spec: {
          holderIdentity: 'replica-a',
          leaseDurationSeconds: 15,
          acquireTime: acquired,
          renewTime: acquired,
        },
      },
    });
    expect(created.spec?.holderIdentity).to.equal('replica-a');
    const renewed = await leases.replaceNamespacedLease({
      name,
      namespace: NAMESPACE,
      body: {
        ...created,
        spec: {
          ...created.spec,
          renewTime: new k8s.V1MicroTime(acquired.getTime() + 5000),
          leaseTransitions: 1,
        },
      },
    });
    expect(renewed.spec?.leaseTransitions).to.equal(1);
    // client-node types MicroTime as Date but hands back what it parsed; compare instants.
    expect(new Date(String(renewed.spec?.renewTime)).getTime()).to.equal(acquired.getTime() + 5000);
    const invalid = await leases
      .createNamespacedLease({
        namespace: NAMESPACE,
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: `${name}-x` },
          spec: { leaseDurationSeconds: 0 },
        },
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect((invalid as ApiException<unknown>).code).to.equal(422);
    await leases.deleteNamespacedLease({ name, namespace: NAMESPACE });
  });

  it('a 404 surfaces as an ApiException with code 404 and a NotFound Status body', async function () {
    const name = `missing-${suffix()}`;
    const error = await core.readNamespacedConfigMap({ name, namespace: NAMESPACE }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'reading a missing configmap must reject').to.be.instanceOf(k8s.ApiException);
    const apiError = error as ApiException<unknown>;
    expect(apiError.code).to.equal(404);
    const body = (typeof apiError.body === 'string' ? JSON.parse(apiError.body) : apiError.body) as Record<
      string,
      unknown
    >;
    expect(body).to.include({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
    });
    expect(body.details).to.deep.include({ name, kind: 'configmaps' });
  });

  it('Watch from a resourceVersion sees ADDED, MODIFIED, DELETED in order', async function () {
    const name = `client-node-watch-${suffix()}`;
    const labelSelector = `watch=${name}`;
    const start = await core.listNamespacedConfigMap({ namespace: NAMESPACE, labelSelector });
    const resourceVersion = start.metadata?.resourceVersion;
    expect(resourceVersion).to.be.a('string').and.not.equal('');

    // Created before the watch opens: it must come from the server's replay after resourceVersion.
    const created = await core.createNamespacedConfigMap({
      namespace: NAMESPACE,
      body: { metadata: { name, labels: { watch: name } }, data: { step: '1' } },
    });

    const events: SeenEvent[] = [];
    let ended: unknown = 'still open';
    const deleted = waitFor(
      () => events.some((e) => e.type === 'DELETED'),
      () => `a DELETED event; saw ${JSON.stringify(events)}; watch ended: ${String(ended)}`,
    );
    const controller = await new k8s.Watch(config).watch(
      `/api/v1/namespaces/${NAMESPACE}/configmaps`,
      { resourceVersion, labelSelector },
      (type: string, object: V1ConfigMap) => {
        events.push({
          type,
          name: object.metadata?.name ?? '',
          resourceVersion: object.metadata?.resourceVersion ?? '',
          data: object.data,
        });
        deleted.notify();
      },
      (error: unknown) => {
        ended = error ?? 'closed by the server';
      },
    );
    try {
      // These two happen while the watch is open: live delivery.
      const replaced = await core.replaceNamespacedConfigMap({
        name,
        namespace: NAMESPACE,
        body: { ...created, data: { step: '2' } },
      });
      await core.deleteNamespacedConfigMap({ name, namespace: NAMESPACE });
      await deleted.promise;
      expect(events.map((e) => [e.type, e.name])).to.deep.equal([
        ['ADDED', name],
        ['MODIFIED', name],
        ['DELETED', name],
      ]);
      expect(events[0]?.resourceVersion).to.equal(created.metadata?.resourceVersion);
      expect(events[1]?.resourceVersion).to.equal(replaced.metadata?.resourceVersion);
      expect(events[1]?.data).to.deep.equal({ step: '2' });
      const versions = events.map((e) => BigInt(e.resourceVersion));
      expect(
        versions[0]! < versions[1]! && versions[1]! < versions[2]!,
        `resourceVersions ${versions.join(', ')}`,
      ).to.equal(true);
    } finally {
      controller.abort();
    }
  });

  it('an informer (ListWatch) sees add, update and delete', async function () {
    const run = `informer-${suffix()}`;
    const labelSelector = `informer=${run}`;
    const path = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
    const informer = k8s.makeInformer<V1ConfigMap>(
      config,
      path,
      () => core.listNamespacedConfigMap({ namespace: NAMESPACE, labelSelector }),
      labelSelector,
    );
    const seen: string[] = [];
    const errors: unknown[] = [];
    let progress: { promise: Promise<void>; notify: () => void } | undefined;
    /** Waits until every line has been seen; set up before the writes that cause them. */
    const expectSeen = (lines: string[]): Promise<void> => {
      progress = waitFor(
        () => lines.every((line) => seen.includes(line)),
        () =>
          `${JSON.stringify(lines)}; saw ${JSON.stringify(seen)}; errors ${errors.map(String).join('; ')}`,
      );
      return progress.promise;
    };
    const record = (verb: string) => (object: V1ConfigMap) => {
      seen.push(`${verb} ${object.metadata?.name} ${JSON.stringify(object.data ?? {})}`);
      progress?.notify();
    };
    informer.on('add', record('add'));
    informer.on('update', record('update'));
    informer.on('delete', record('delete'));
    informer.on('error', (error) => errors.push(error));
    await informer.start();
    try {
      const name = `${run}-a`;
      const added = expectSeen([`add ${name} {"v":"1"}`]);
      const created = await core.createNamespacedConfigMap({
        namespace: NAMESPACE,
        body: { metadata: { name, labels: { informer: run } }, data: { v: '1' } },
      });
      await added;

      const updatedAndDeleted = expectSeen([`update ${name} {"v":"2"}`, `delete ${name} {"v":"2"}`]);
      await core.replaceNamespacedConfigMap({
        name,
        namespace: NAMESPACE,
        body: { ...created, data: { v: '2' } },
      });
      await core.deleteNamespacedConfigMap({ name, namespace: NAMESPACE });
      await updatedAndDeleted;
      expect(seen).to.deep.equal([
        `add ${name} {"v":"1"}`,
        `update ${name} {"v":"2"}`,
        `delete ${name} {"v":"2"}`,
      ]);
      expect(informer.list(NAMESPACE)).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
    } finally {
      await informer.stop();
    }
  });
});
