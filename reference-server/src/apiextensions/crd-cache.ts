// The types the Established CRDs of a logical cluster serve, read from the store on first use and
// kept in a bounded LRU (nothing is held per workspace beyond its capacity). Like the policy
// cache, it watches the CRD collection of every cluster: the store calls watchers synchronously
// when a write commits, so an entry is dropped before the writer's request is answered and a CRD
// change is in force for the very next request. A build under way when its cluster changed is
// answered to its callers but not kept.

import { crdResourceTypes } from './crd-types.js';
import { crdGroup, type CustomResourceDefinition, isEstablished } from './crd-object.js';
import type { ResourceType } from '../registry/resource-type.js';
import { clusterOfKey, collectionPrefix, resourcePrefix } from '../storage/keys.js';
import type { Store, Watcher } from '../storage/store.js';

const crdResource = { group: crdGroup, resource: 'customresourcedefinitions' };

export interface ClusterCRDs {
  /** Types of the Established CRDs, one per served version. */
  types: readonly ResourceType[];
  /** The CRD behind each type (for the scale subresource's paths). */
  crdOf: ReadonlyMap<ResourceType, CustomResourceDefinition>;
}

export interface CRDTypeCache {
  get(cluster: string): Promise<ClusterCRDs>;
  stop(): void;
}

const empty: ClusterCRDs = { types: [], crdOf: new Map() };

async function load(store: Store, cluster: string): Promise<ClusterCRDs> {
  const list = await store.list(collectionPrefix(crdResource, cluster));
  if (list.items.length === 0) return empty;
  const types: ResourceType[] = [];
  const crdOf = new Map<ResourceType, CustomResourceDefinition>();
  for (const kv of list.items) {
    const crd = JSON.parse(kv.value) as CustomResourceDefinition;
    if (!isEstablished(crd)) continue;
    for (const t of crdResourceTypes(crd, cluster)) {
      types.push(t);
      crdOf.set(t, crd);
    }
  }
  return { types, crdOf };
}

export async function createCRDTypeCache(
  store: Store,
  options: { maxClusters: number },
): Promise<CRDTypeCache> {
  const entries = new Map<string, ClusterCRDs>(); // insertion order = recency
  const building = new Map<string, { promise: Promise<ClusterCRDs>; stale: boolean }>();
  let stopped = false;
  let watcher: Watcher | undefined;

  const drop = (cluster: string) => {
    entries.delete(cluster);
    const pending = building.get(cluster);
    if (pending) {
      pending.stale = true;
      building.delete(cluster);
    }
  };
  const watch = async () => {
    const from = await store.currentRevision();
    if (stopped) return;
    watcher = store.watch(resourcePrefix(crdResource), from, {
      onEvent: (e) => drop(clusterOfKey(crdResource, e.kv.key)),
      onClose: (reason) => {
        // Fell behind: invalidations may be lost, so forget everything and watch again.
        if (reason === 'overflow' && !stopped) {
          for (const c of [...entries.keys(), ...building.keys()]) drop(c);
          void watch();
        }
      },
    });
  };
  await watch();

  return {
    async get(cluster) {
      const entry = entries.get(cluster);
      if (entry) {
        entries.delete(cluster);
        entries.set(cluster, entry);
        return entry;
      }
      const pending = building.get(cluster);
      if (pending) return pending.promise;
      const build = { promise: load(store, cluster), stale: false };
      building.set(cluster, build);
      try {
        const built = await build.promise;
        if (!build.stale && !stopped) {
          building.delete(cluster);
          entries.set(cluster, built);
          while (entries.size > options.maxClusters) entries.delete(entries.keys().next().value!);
        }
        return built;
      } catch (error) {
        if (building.get(cluster) === build) building.delete(cluster);
        throw error;
      }
    },
    stop() {
      stopped = true;
      watcher?.cancel();
      entries.clear();
      building.clear();
    },
  };
}
