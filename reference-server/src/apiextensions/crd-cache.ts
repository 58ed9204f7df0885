// The types the Established CRDs of a logical cluster serve, read from the store on first use and
// kept in a bounded LRU (storage/cluster-cache.ts): a CRD write drops its cluster's entry before
// the writer is answered, so a CRD change is in force for the very next request.

import { crdResourceTypes } from './crd-types.js';
import { crdGroup, type CustomResourceDefinition, isEstablished } from './crd-object.js';
import type { ResourceType } from '../registry/resource-type.js';
import { createClusterCache } from '../storage/cluster-cache.js';
import { collectionPrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';

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
  const cache = await createClusterCache(store, {
    sources: [crdResource],
    load,
    maxClusters: options.maxClusters,
  });
  return { get: (cluster) => cache.get(cluster), stop: () => cache.stop() };
}
