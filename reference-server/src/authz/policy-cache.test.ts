import { expect } from 'chai';
import { createMemoryStore } from '../storage/memory-store.js';
import { objectKey } from '../storage/keys.js';
import { createPolicyCache } from './policy-cache.js';

const crbKey = (cluster: string, name: string) =>
  objectKey(
    { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
    cluster,
    undefined,
    name,
  );
const lcKey = (cluster: string) =>
  objectKey({ group: 'core.kcp.io', resource: 'logicalclusters' }, cluster, undefined, 'cluster');
const crb = (name: string, user: string) =>
  JSON.stringify({
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', name: user }],
  });

describe('policy cache', () => {
  it('loads a cluster once, then serves it from memory', async () => {
    const store = createMemoryStore();
    await store.create(crbKey('a', 'b1'), crb('b1', 'alice'));
    const cache = await createPolicyCache(store, { maxClusters: 10 });
    const first = await cache.get('a');
    expect(first.policy.clusterRoleBindings.get('u:alice')).to.have.length(1);
    expect(await cache.get('a')).to.equal(first);
    expect(cache.stats()).to.include({ entries: 1, objects: 1, hits: 1, misses: 1 });
    cache.stop();
  });

  it('drops a cluster when its RBAC or LogicalCluster changes, before the write returns', async () => {
    const store = createMemoryStore();
    const cache = await createPolicyCache(store, { maxClusters: 10 });
    expect((await cache.get('a')).logicalCluster).to.equal(undefined);
    await store.create(crbKey('a', 'b1'), crb('b1', 'alice'));
    expect((await cache.get('a')).policy.clusterRoleBindings.has('u:alice')).to.equal(true);
    await store.create(
      lcKey('a'),
      JSON.stringify({
        status: { phase: 'Ready' },
        metadata: { annotations: { 'authorization.kcp.io/required-groups': 'x' } },
      }),
    );
    expect((await cache.get('a')).logicalCluster).to.deep.equal({ phase: 'Ready', requiredGroups: 'x' });
    await store.delete(crbKey('a', 'b1'));
    expect((await cache.get('a')).policy.clusterRoleBindings.has('u:alice')).to.equal(false);
    cache.stop();
  });

  it('does not keep a build that a concurrent write made stale', async () => {
    const store = createMemoryStore();
    const cache = await createPolicyCache(store, { maxClusters: 10 });
    const building = cache.get('a');
    await store.create(crbKey('a', 'b1'), crb('b1', 'alice'));
    await building;
    expect((await cache.get('a')).policy.clusterRoleBindings.has('u:alice')).to.equal(true);
    cache.stop();
  });

  it('keeps at most maxClusters clusters, dropping the least recently used', async () => {
    const store = createMemoryStore();
    const cache = await createPolicyCache(store, { maxClusters: 3 });
    for (const c of ['a', 'b', 'c']) await cache.get(c);
    await cache.get('a'); // a is now the most recent
    await cache.get('d'); // evicts b
    expect(cache.stats().entries).to.equal(3);
    const misses = cache.stats().misses;
    await cache.get('a');
    expect(cache.stats().misses).to.equal(misses);
    await cache.get('b');
    expect(cache.stats().misses).to.equal(misses + 1);
    cache.stop();
  });
});
