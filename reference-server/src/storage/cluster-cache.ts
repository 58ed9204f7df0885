// State derived from a logical cluster's stored objects (its RBAC index, the types its CRDs
// serve, ...), built from the store on first use and kept in a bounded LRU, so nothing is held per
// workspace beyond the cache's capacity.
//
// Freshness: the cache watches the collections the state is derived from, in every cluster. The
// store calls watchers synchronously when a write commits, before the writer's request is
// answered, so an entry is dropped before anyone can observe the write and the change is in force
// for the very next request. A build that was under way when its cluster changed is answered to
// its callers (they started before the write, so the older view is a correct answer for them) but
// not kept.

import { clusterOfKey, resourcePrefix, type ResourceKeyParts } from './keys.js';
import type { Store, Watcher } from './store.js';

export interface ClusterCacheStats {
  entries: number;
  /** The sum of `sizeOf` over the entries (e.g. objects held). */
  size: number;
  hits: number;
  misses: number;
}

export interface ClusterCache<T> {
  get(cluster: string): Promise<T>;
  stats(): ClusterCacheStats;
  stop(): void;
}

export interface ClusterCacheOptions<T> {
  /** The collections whose writes in a cluster invalidate that cluster's entry. */
  sources: readonly ResourceKeyParts[];
  load(store: Store, cluster: string): Promise<T>;
  /** Most clusters kept; the least recently used is dropped beyond it. */
  maxClusters: number;
  /** What an entry counts for in stats().size (default 0). */
  sizeOf?(entry: T): number;
}

export async function createClusterCache<T>(
  store: Store,
  options: ClusterCacheOptions<T>,
): Promise<ClusterCache<T>> {
  const entries = new Map<string, T>(); // insertion order = recency
  const building = new Map<string, { promise: Promise<T>; stale: boolean }>();
  const sizeOf = options.sizeOf ?? (() => 0);
  let size = 0;
  let hits = 0;
  let misses = 0;
  let stopped = false;

  function drop(cluster: string): void {
    if (entries.has(cluster)) {
      size -= sizeOf(entries.get(cluster)!);
      entries.delete(cluster);
    }
    const pending = building.get(cluster);
    if (pending) {
      pending.stale = true;
      building.delete(cluster);
    }
  }

  const watchers: Watcher[] = [];
  async function watch(source: ResourceKeyParts): Promise<void> {
    const from = await store.currentRevision();
    if (stopped) return;
    const watcher = store.watch(resourcePrefix(source), from, {
      onEvent: (event) => drop(clusterOfKey(source, event.kv.key)),
      onClose: (reason) => {
        // A watcher that fell behind may have missed invalidations: forget everything, watch again.
        if (reason === 'overflow' && !stopped) {
          for (const cluster of [...entries.keys(), ...building.keys()]) drop(cluster);
          void watch(source);
        }
      },
    });
    watchers.push(watcher);
  }
  for (const source of options.sources) await watch(source);

  return {
    async get(cluster) {
      if (entries.has(cluster)) {
        hits++;
        const entry = entries.get(cluster)!;
        entries.delete(cluster);
        entries.set(cluster, entry);
        return entry;
      }
      misses++;
      const pending = building.get(cluster);
      if (pending) return pending.promise;
      const build = { promise: options.load(store, cluster), stale: false };
      building.set(cluster, build);
      try {
        const built = await build.promise;
        if (!build.stale && !stopped) {
          building.delete(cluster);
          entries.set(cluster, built);
          size += sizeOf(built);
          while (entries.size > options.maxClusters) drop(entries.keys().next().value!);
        }
        return built;
      } catch (error) {
        if (building.get(cluster) === build) building.delete(cluster);
        throw error;
      }
    },
    stats: () => ({ entries: entries.size, size, hits, misses }),
    stop() {
      stopped = true;
      for (const w of watchers) w.cancel();
      entries.clear();
      building.clear();
    },
  };
}
