// The garbage collector on a real (in-memory) store, driven through the same object operations
// the API uses: propagation policies, dangling owners, per-cluster ownership and a restart.

import { expect } from 'chai';
import type { KubeObject } from '../api/types.js';
import { configmaps } from '../registry/builtins/configmaps.js';
import { namespaces } from '../registry/builtins/namespaces.js';
import { clusterroles } from '../registry/builtins/rbac.js';
import { createCatalog } from '../registry/catalog.js';
import { createObject, deleteObject, getObject, mutateObject } from '../registry/objects.js';
import type { Scope } from '../registry/scope.js';
import { createMemoryStore } from '../storage/memory-store.js';
import type { Store } from '../storage/store.js';
import { startGarbageCollector } from './garbage-collector.js';
import type { Controller } from './namespace-controller.js';

const inCluster = (cluster: string): Scope => ({ type: configmaps, cluster, namespace: 'ns' });
const c1 = inCluster('c1');

const ref = (owner: KubeObject, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  name: owner.metadata!.name!,
  uid: owner.metadata!.uid!,
  ...extra,
});

describe('garbage collector', () => {
  let store: Store;
  let gc: Controller | undefined;
  const logs: string[] = [];
  const start = async () => {
    gc = await startGarbageCollector({
      store,
      catalog: createCatalog(),
      log: (m) => logs.push(m),
      scanPageSize: 2,
    });
    return gc;
  };
  const make = (name: string, metadata: Record<string, unknown> = {}, scope = c1) =>
    createObject(store, scope, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...metadata } });
  const exists = async (name: string, scope = c1) =>
    getObject(store, scope, name).then(
      () => true,
      () => false,
    );

  beforeEach(() => {
    store = createMemoryStore();
    logs.length = 0;
  });
  afterEach(async () => {
    gc?.stop();
    gc = undefined;
    await store.close();
  });

  it('deletes dependents of an owner deleted in the background, and only those', async () => {
    await start();
    const owner = await make('owner');
    const other = await make('other');
    await make('dep', { ownerReferences: [ref(owner)] });
    await make('shared', { ownerReferences: [ref(owner), ref(other)] });
    await make('free');
    await gc!.idle();
    await deleteObject(store, c1, 'owner');
    await gc!.idle();
    expect(await exists('dep')).to.equal(false);
    expect(await exists('free')).to.equal(true);
    const shared = await getObject(store, c1, 'shared');
    expect(shared.metadata?.ownerReferences).to.deep.equal([ref(other)]);
  });

  it('keeps a foreground owner until its blocking dependents are gone', async () => {
    await start();
    const owner = await make('owner');
    await make('blocking', {
      ownerReferences: [ref(owner, { blockOwnerDeletion: true })],
      finalizers: ['x.io/hold'],
    });
    await make('loose', { ownerReferences: [ref(owner)] });
    const marked = await deleteObject(store, c1, 'owner', { propagationPolicy: 'Foreground' });
    expect(marked.deleted).to.equal(false);
    await gc!.idle();
    expect(await exists('loose')).to.equal(false);
    expect((await getObject(store, c1, 'blocking')).metadata?.deletionTimestamp).to.be.a('string');
    expect((await getObject(store, c1, 'owner')).metadata?.finalizers).to.deep.equal(['foregroundDeletion']);
    await mutateObject(store, c1, 'blocking', (o) => void (o.metadata!.finalizers = []));
    await gc!.idle();
    expect(await exists('blocking')).to.equal(false);
    expect(await exists('owner')).to.equal(false);
  });

  it('orphans dependents and then lets the owner go', async () => {
    await start();
    const owner = await make('owner');
    await make('dep', { ownerReferences: [ref(owner, { controller: true })] });
    await deleteObject(store, c1, 'owner', { propagationPolicy: 'Orphan' });
    await gc!.idle();
    expect(await exists('owner')).to.equal(false);
    expect((await getObject(store, c1, 'dep')).metadata?.ownerReferences).to.equal(undefined);
  });

  it('finds owners only in the dependent’s own logical cluster', async () => {
    await start();
    const owner = await make('owner');
    // Same name and uid reference, but in another logical cluster: the owner is absent there.
    await make('dep', { ownerReferences: [ref(owner)] }, inCluster('c2'));
    await make('dep', { ownerReferences: [ref(owner)] });
    await gc!.idle();
    expect(await exists('dep', inCluster('c2'))).to.equal(false);
    expect(await exists('dep')).to.equal(true);
  });

  it('collects dependents of owners deleted while it was not running', async () => {
    const owner = await make('owner');
    for (let i = 0; i < 5; i++) await make(`dep-${i}`, { ownerReferences: [ref(owner)] });
    await make('dangling', { ownerReferences: [{ ...ref(owner), uid: 'not-the-owner' }] });
    await deleteObject(store, c1, 'owner');
    await start();
    await gc!.idle();
    for (let i = 0; i < 5; i++) expect(await exists(`dep-${i}`)).to.equal(false);
    expect(await exists('dangling')).to.equal(false);
  });

  it('finishes a foreground deletion of an owner without dependents', async () => {
    await start();
    await make('lonely', { finalizers: ['x.io/keep'] });
    await deleteObject(store, c1, 'lonely', { propagationPolicy: 'Foreground' });
    await gc!.idle();
    expect((await getObject(store, c1, 'lonely')).metadata?.finalizers).to.deep.equal(['x.io/keep']);
  });

  it('does not delete a cluster-scoped object that names a namespaced owner', async () => {
    await start();
    const owner = await make('owner');
    await createObject(
      store,
      { type: namespaces, cluster: 'c1' },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'odd', ownerReferences: [{ ...ref(owner), uid: 'absent' }] },
      },
    );
    await gc!.idle();
    expect(await exists('odd', { type: namespaces, cluster: 'c1' })).to.equal(true);
    expect(logs.join('\n')).to.contain('cluster-scoped object refers to namespaced owner');
  });

  it('finds cluster-scoped owners of namespaced dependents', async () => {
    await start();
    const roles: Scope = { type: clusterroles, cluster: 'c1' };
    const role = await createObject(store, roles, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'owner-role' },
    });
    const owned = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'owner-role' };
    await make('dep', { ownerReferences: [{ ...owned, uid: role.metadata!.uid }] });
    await make('dangling', { ownerReferences: [{ ...owned, uid: 'another' }] });
    await gc!.idle();
    expect(await exists('dep')).to.equal(true);
    expect(await exists('dangling')).to.equal(false);
    await deleteObject(store, roles, 'owner-role');
    await gc!.idle();
    expect(await exists('dep')).to.equal(false);
  });
});
