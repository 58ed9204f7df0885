import { expect } from 'chai';
import { objectKey } from '../storage/keys.js';
import { createMemoryStore } from '../storage/memory-store.js';
import { createInactiveClusters, isInactive, wildcardCluster } from './inactive-clusters.js';

const lcKey = (cluster: string) =>
  objectKey({ group: 'core.kcp.io', resource: 'logicalclusters' }, cluster, undefined, 'cluster');
const lc = (annotations: Record<string, string> = {}) =>
  JSON.stringify({ kind: 'LogicalCluster', metadata: { name: 'cluster', annotations } });

describe('inactive clusters', () => {
  it('reads either annotation key, and only the value "true"', () => {
    expect(isInactive({ 'core.kcp.io/inactive': 'true' })).to.equal(true);
    expect(isInactive({ 'internal.kcp.io/inactive': 'true' })).to.equal(true);
    expect(isInactive({ 'core.kcp.io/inactive': 'True' })).to.equal(false);
    expect(isInactive({ 'core.kcp.io/inactive': 'false' })).to.equal(false);
    expect(isInactive(undefined)).to.equal(false);
  });

  it('follows the mark as soon as the write commits; no LogicalCluster is not inactive', async () => {
    const store = createMemoryStore();
    const clusters = await createInactiveClusters(store, { maxClusters: 2 });
    expect(await clusters.isInactive('a')).to.equal(false);
    await store.create(lcKey('a'), lc());
    expect(await clusters.isInactive('a')).to.equal(false);
    await store.update(lcKey('a'), lc({ 'core.kcp.io/inactive': 'true' }));
    expect(await clusters.isInactive('a')).to.equal(true);
    // More clusters than the cache holds: an evicted one is read again, not forgotten.
    for (const c of ['b', 'c', 'd']) expect(await clusters.isInactive(c)).to.equal(false);
    expect(await clusters.isInactive('a')).to.equal(true);
    await store.update(lcKey('a'), lc());
    expect(await clusters.isInactive('a')).to.equal(false);
    clusters.stop();
  });

  it("ends the cluster's and the wildcard watches when the mark appears, no others, once", async () => {
    const store = createMemoryStore();
    await store.create(lcKey('a'), lc());
    await store.create(lcKey('b'), lc());
    const clusters = await createInactiveClusters(store, { maxClusters: 10 });
    const ended: string[] = [];
    clusters.trackWatch('a', () => ended.push('a1'));
    clusters.trackWatch('a', () => ended.push('a2'));
    const untrackDone = clusters.trackWatch('a', () => ended.push('done'));
    clusters.trackWatch('b', () => ended.push('b'));
    clusters.trackWatch(wildcardCluster, () => ended.push('*'));
    untrackDone(); // a watch that is already over
    expect(clusters.trackedWatches()).to.equal(4);

    await store.update(lcKey('a'), lc({ 'core.kcp.io/inactive': 'true' }));
    expect(ended.sort()).to.deep.equal(['*', 'a1', 'a2']);
    expect(clusters.trackedWatches()).to.equal(1);

    // Writes that keep the mark (e.g. the phase moving to Inactive) end nothing more.
    clusters.trackWatch(wildcardCluster, () => ended.push('*2'));
    await store.update(lcKey('a'), lc({ 'core.kcp.io/inactive': 'true', other: 'x' }));
    expect(ended).to.have.length(3);
    clusters.stop();
    expect(clusters.trackedWatches()).to.equal(0);
  });
});
