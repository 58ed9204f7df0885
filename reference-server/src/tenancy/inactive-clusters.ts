// Logical clusters marked inactive (kcp: the `core.kcp.io/inactive: "true"` annotation on the
// LogicalCluster, staging/src/github.com/kcp-dev/sdk/apis/core/v1alpha1/logicalcluster_types.go):
// requests into them are refused (filters/inactive-cluster.ts) and watches open into them, and
// every wildcard watch (it may see their objects), are ended when the mark appears (kcp
// pkg/reconciler/core/logicalcluster/logicalcluster_reconcile_phase.go cancels the cluster's and
// the wildcard's request contexts).
//
// State: whether a cluster is inactive lives in a bounded cache (storage/cluster-cache.ts); the
// watches that may be ended are held only while they are open, and a cluster's entry goes with
// its last one, so nothing is kept per workspace.
//
// Unlike kcp, ending the wildcard watches is not sticky: kcp keeps the wildcard context cancelled
// until some cluster is reactivated, so wildcard requests fail meanwhile; a side effect of its
// context manager that no client can rely on.

import { logicalClusterName } from '../registry/builtins/logicalclusters.js';
import { createClusterCache } from '../storage/cluster-cache.js';
import { clusterOfKey, objectKey, resourcePrefix, type ResourceKeyParts } from '../storage/keys.js';
import type { KeyValue, Store, Watcher } from '../storage/store.js';

const logicalClusters: ResourceKeyParts = { group: 'core.kcp.io', resource: 'logicalclusters' };

export const inactiveAnnotation = 'core.kcp.io/inactive';
/** The earlier key, still honoured by kcp (LogicalClusterInactiveAnnotationKeyLegacy). */
export const legacyInactiveAnnotation = 'internal.kcp.io/inactive';

/** kcp IsLogicalClusterInactive: either key set to exactly "true". */
export function isInactive(annotations: Record<string, string> | undefined): boolean {
  return annotations?.[inactiveAnnotation] === 'true' || annotations?.[legacyInactiveAnnotation] === 'true';
}

function storedInactive(kv: KeyValue | undefined): boolean {
  if (!kv) return false;
  const obj = JSON.parse(kv.value) as { metadata?: { annotations?: Record<string, string> } };
  return isInactive(obj.metadata?.annotations);
}

/** What wildcard (/clusters/*) watches are registered under. */
export const wildcardCluster = '*';

export interface InactiveClusters {
  /** True when the cluster's LogicalCluster carries the inactive mark (false without one). */
  isInactive(cluster: string): Promise<boolean>;
  /**
   * Registers an open watch into `cluster` (or wildcardCluster); `end` is called when the
   * cluster (for a wildcard watch: any cluster) is marked inactive. Call the returned function
   * when the watch is over.
   */
  trackWatch(cluster: string, end: () => void): () => void;
  /** Open watches registered, for tests and metrics. */
  trackedWatches(): number;
  stop(): void;
}

export async function createInactiveClusters(
  store: Store,
  options: { maxClusters: number },
): Promise<InactiveClusters> {
  const cache = await createClusterCache<boolean>(store, {
    sources: [logicalClusters],
    maxClusters: options.maxClusters,
    load: async (s, cluster) =>
      storedInactive(await s.get(objectKey(logicalClusters, cluster, undefined, logicalClusterName))),
  });

  const open = new Map<string, Set<() => void>>();
  let tracked = 0;
  function endAll(cluster: string): void {
    const ends = open.get(cluster);
    if (!ends) return;
    open.delete(cluster);
    tracked -= ends.size;
    for (const end of ends) end();
  }

  // The store calls watchers when a write commits, before the writer is answered: a watch is
  // ended before the client that set the mark hears back.
  let watcher: Watcher | undefined;
  let stopped = false;
  async function watchMarks(): Promise<void> {
    const from = await store.currentRevision();
    if (stopped) return;
    watcher = store.watch(resourcePrefix(logicalClusters), from, {
      onEvent: (e) => {
        if (e.type === 'delete' || storedInactive(e.prev) || !storedInactive(e.kv)) return;
        endAll(clusterOfKey(logicalClusters, e.kv.key));
        endAll(wildcardCluster);
      },
      // Only a replay overtaken by compaction overflows; marks set meanwhile end no watch.
      onClose: (reason) => {
        if (reason === 'overflow' && !stopped) void watchMarks();
      },
    });
  }
  await watchMarks();

  return {
    isInactive: (cluster) => cache.get(cluster),
    trackWatch(cluster, end) {
      let ends = open.get(cluster);
      if (!ends) open.set(cluster, (ends = new Set()));
      const entry = (): void => end();
      ends.add(entry);
      tracked++;
      return () => {
        const current = open.get(cluster);
        if (!current?.delete(entry)) return;
        tracked--;
        if (current.size === 0) open.delete(cluster);
      };
    },
    trackedWatches: () => tracked,
    stop() {
      stopped = true;
      watcher?.cancel();
      cache.stop();
      for (const cluster of [...open.keys()]) endAll(cluster);
    },
  };
}
