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
    config = new k8s.KubeConfig();
    // KH_CLIENT_NODE_KUBECONFIG (+ KH_CLIENT_NODE_CONTEXT) runs the same tests against any endpoint,
    // e.g. a real kcp's admin.kubeconfig; by default they run against a reference server of their own.
    const external = process.env.KH_CLIENT_NODE_KUBECONFIG;
    if (external) {
      config.loadFromFile(external);
      if (process.env.KH_CLIENT_NODE_CONTEXT) config.setCurrentContext(process.env.KH_CLIENT_NODE_CONTEXT);
    } else {
      rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-client-node-'));
      server = await startServerProcess({ rootDirectory });
      config.loadFromFile(server.kubeconfigPath);
      expect(config.getCurrentContext()).to.equal('root');
    }
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

  it('server-side applies through KubernetesObjectApi: create, a conflict between managers, force', async function () {
    const objects = k8s.KubernetesObjectApi.makeApiClient(config);
    const apply = k8s.PatchStrategy.ServerSideApply;
    const name = `ssa-${suffix()}`;
    const configMap = (owner: string): V1ConfigMap & { apiVersion: string; kind: string } => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: NAMESPACE },
      data: { owner },
    });
    try {
      const created = (await objects.patch(
        configMap('alice'),
        undefined,
        undefined,
        'alice',
        undefined,
        apply,
      )) as V1ConfigMap;
      expect(created.data).to.deep.equal({ owner: 'alice' });
      expect(created.metadata?.managedFields?.map((f) => `${f.manager}:${f.operation}`)).to.deep.equal([
        'alice:Apply',
      ]);

      const conflict = await objects
        .patch(configMap('bob'), undefined, undefined, 'bob', undefined, apply)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(conflict).to.be.instanceOf(k8s.ApiException);
      expect((conflict as ApiException<unknown>).code).to.equal(409);
      expect(String((conflict as ApiException<unknown>).body)).to.contain('conflict with \\"alice\\"');

      const forced = (await objects.patch(
        configMap('bob'),
        undefined,
        undefined,
        'bob',
        true,
        apply,
      )) as V1ConfigMap;
      expect(forced.data).to.deep.equal({ owner: 'bob' });
      const managers = forced.metadata?.managedFields?.map((f) => f.manager) ?? [];
      expect(managers).to.include('bob');
    } finally {
      await core.deleteNamespacedConfigMap({ name, namespace: NAMESPACE }).catch(() => undefined);
    }
  });

  it('an informer over custom objects keeps up across a change of their CRD', async function () {
    const extensions = config.makeApiClient(k8s.ApiextensionsV1Api);
    const custom = config.makeApiClient(k8s.CustomObjectsApi);
    const group = `cn${suffix()}.kh.example.com`;
    const plural = 'lamps';
    const crdName = `${plural}.${group}`;
    const schema = (properties: Record<string, ClientNode.V1JSONSchemaProps>) => ({
      openAPIV3Schema: {
        type: 'object',
        properties: { spec: { type: 'object', properties } },
      },
    });
    await extensions.createCustomResourceDefinition({
      body: {
        metadata: { name: crdName },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural, kind: 'Lamp' },
          versions: [
            { name: 'v1', served: true, storage: true, schema: schema({ color: { type: 'string' } }) },
          ],
        },
      },
    });
    type Lamp = ClientNode.KubernetesObject & { spec?: { color?: string; watts?: number } };
    const list = () =>
      custom.listNamespacedCustomObject({ group, version: 'v1', namespace: NAMESPACE, plural }) as Promise<
        ClientNode.KubernetesListObject<Lamp>
      >;
    try {
      // Established, then served: poll the list until it answers.
      for (const deadline = Date.now() + WAIT_MS; ;) {
        const ok = await list().then(
          () => true,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`${crdName} was not served within ${WAIT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      const informer = k8s.makeInformer<Lamp>(
        config,
        `/apis/${group}/v1/namespaces/${NAMESPACE}/${plural}`,
        list,
      );
      const seen: string[] = [];
      const errors: unknown[] = [];
      let progress: { promise: Promise<void>; notify: () => void } | undefined;
      const expectSeen = (line: string): Promise<void> => {
        progress = waitFor(
          () => seen.includes(line),
          () => `${line}; saw ${JSON.stringify(seen)}; errors ${errors.map(String).join('; ')}`,
        );
        return progress.promise;
      };
      informer.on('add', (lamp) => {
        seen.push(`add ${lamp.metadata?.name} ${JSON.stringify(lamp.spec ?? {})}`);
        progress?.notify();
      });
      informer.on('error', (error) => errors.push(error));
      await informer.start();
      try {
        const lamp = (name: string): Lamp => ({
          apiVersion: `${group}/v1`,
          kind: 'Lamp',
          metadata: { name },
          spec: { color: 'red', watts: 40 },
        });
        const first = expectSeen('add before {"color":"red"}');
        await custom.createNamespacedCustomObject({
          group,
          version: 'v1',
          namespace: NAMESPACE,
          plural,
          body: lamp('before'),
        });
        await first;

        const crd = await extensions.readCustomResourceDefinition({ name: crdName });
        crd.spec.versions[0]!.schema = schema({ color: { type: 'string' }, watts: { type: 'integer' } });
        await extensions.replaceCustomResourceDefinition({ name: crdName, body: crd });
        // The new schema is in force a moment later (kube also ends the watch, and the informer
        // must resume): write until an object keeps its watts, and see it through the informer.
        // Events of objects written just after the change may still come from the old schema
        // (kcp prunes them so): what must hold is that every add arrives, and soon one with watts.
        for (let i = 0; ; i += 1) {
          const name = `after-${i}`;
          await custom.createNamespacedCustomObject({
            group,
            version: 'v1',
            namespace: NAMESPACE,
            plural,
            body: lamp(name),
          });
          const arrived = waitFor(
            () => seen.some((line) => line.startsWith(`add ${name} `)),
            () => `add ${name}; saw ${JSON.stringify(seen)}; errors ${errors.map(String).join('; ')}`,
          );
          progress = arrived;
          arrived.notify(); // it may have arrived already
          await arrived.promise;
          if (seen.includes(`add ${name} {"color":"red","watts":40}`)) break;
          if (i > 50) throw new Error(`the new schema never reached the informer: ${JSON.stringify(seen)}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(errors).to.deep.equal([]);
      } finally {
        await informer.stop();
      }
    } finally {
      await extensions.deleteCustomResourceDefinition({ name: crdName }).catch(() => undefined);
    }
  });
});
