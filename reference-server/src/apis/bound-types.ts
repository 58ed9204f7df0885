// The types a logical cluster's APIBindings serve: for each bound resource, the shared bound CRD
// (system:bound-crds/<schema UID>) served in the consumer with its objects stored under the
// export's identity (/registry/<group>/<resource>:<identity hash>/<cluster>/...), so exports of
// the same group-resource with different identities never see each other's objects. Built on
// first use and kept in a bounded LRU; a binding write drops its cluster's entry.

import { forbidden } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { ClusterCRDs, CRDTypeCache } from '../apiextensions/crd-cache.js';
import type { CustomResourceDefinition } from '../apiextensions/crd-object.js';
import { crdResourceTypes } from '../apiextensions/crd-types.js';
import type { ResourceType } from '../registry/resource-type.js';
import { createClusterCache } from '../storage/cluster-cache.js';
import { collectionPrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { validateNameAnnotation } from './bound-crd.js';
import { apisGroup, boundCRDsCluster } from './names.js';
import type { APIBinding, BoundResource } from './types.js';

export const apiBindingsResource = { group: apisGroup, resource: 'apibindings' };

/** Where a bound resource's objects are stored: its resource name carries the export identity. */
export function boundStorage(bound: Pick<BoundResource, 'group' | 'resource' | 'schema'>): {
  group: string;
  resource: string;
} {
  return { group: bound.group, resource: `${bound.resource}:${bound.schema.identityHash}` };
}

export interface BoundType {
  binding: string;
  bound: BoundResource;
  /** True while the binding is being deleted: its resources take no creates. */
  deleting: boolean;
}

export interface ClusterBindings {
  types: readonly ResourceType[];
  boundOf: ReadonlyMap<ResourceType, BoundType>;
}

export interface BoundTypeCache {
  get(cluster: string): Promise<ClusterBindings>;
  stop(): void;
}

const empty: ClusterBindings = { types: [], boundOf: new Map() };

const crdsByName = new WeakMap<ClusterCRDs, Map<string, CustomResourceDefinition>>();
function byName(crds: ClusterCRDs): Map<string, CustomResourceDefinition> {
  let map = crdsByName.get(crds);
  if (!map) {
    map = new Map([...crds.crdOf.values()].map((crd) => [crd.metadata?.name ?? '', crd]));
    crdsByName.set(crds, map);
  }
  return map;
}

export function boundResourceTypes(
  crd: CustomResourceDefinition,
  bound: BoundResource,
  cluster: string,
  deleting: boolean,
): ResourceType[] {
  const pathSegment = crd.metadata?.annotations?.[validateNameAnnotation] === 'path-segment';
  return crdResourceTypes(crd, cluster || boundCRDsCluster).map((t) => ({
    ...t,
    storage: boundStorage(bound),
    ...(pathSegment ? { nameValidation: 'PathSegmentName' as const } : {}),
    // kcp serves the bound CRD of a binding being deleted as Terminating: no new objects, with
    // admission's 403 rather than the CRD handler's 405.
    ...(deleting
      ? {
          terminating: true,
          strategy: {
            ...t.strategy,
            prepareForCreate(obj: KubeObject) {
              const name = obj.metadata?.name ?? '';
              const qualified = `${t.names.plural}.${t.group}`;
              throw forbidden(
                `${qualified} "${name}" is forbidden: create not allowed while custom resource definition is terminating`,
                { name, group: t.group, kind: t.names.plural },
              );
            },
          },
        }
      : {}),
  }));
}

/**
 * A bound type does not depend on the consumer (kcp hashes discovery with system:bound-crds, the
 * CRD's cluster), so every workspace bound to one identity through one schema shares the same
 * ResourceType objects: a cluster's cache entry holds references, not copies. Kept with the bound
 * CRD object the CRD cache holds (a new object once the CRD changes), per identity and deletion
 * state.
 */
const shared = new WeakMap<CustomResourceDefinition, Map<string, ResourceType[]>>();
function sharedTypes(crd: CustomResourceDefinition, bound: BoundResource, deleting: boolean): ResourceType[] {
  let byIdentity = shared.get(crd);
  if (!byIdentity) shared.set(crd, (byIdentity = new Map()));
  const key = `${bound.schema.identityHash}/${deleting}`;
  let types = byIdentity.get(key);
  if (!types) byIdentity.set(key, (types = boundResourceTypes(crd, bound, boundCRDsCluster, deleting)));
  return types;
}

export async function createBoundTypeCache(
  store: Store,
  crdTypes: CRDTypeCache,
  options: { maxClusters: number },
): Promise<BoundTypeCache> {
  async function load(_store: Store, cluster: string): Promise<ClusterBindings> {
    if (cluster === boundCRDsCluster) return empty;
    const list = await store.list(collectionPrefix(apiBindingsResource, cluster));
    if (list.items.length === 0) return empty;
    const crds = byName(await crdTypes.get(boundCRDsCluster));
    const types: ResourceType[] = [];
    const boundOf = new Map<ResourceType, BoundType>();
    for (const kv of list.items) {
      const binding = JSON.parse(kv.value) as APIBinding;
      const deleting = binding.metadata?.deletionTimestamp !== undefined;
      for (const bound of binding.status?.boundResources ?? []) {
        const crd = crds.get(bound.schema.UID);
        if (!crd) continue;
        for (const t of sharedTypes(crd, bound, deleting)) {
          types.push(t);
          boundOf.set(t, { binding: binding.metadata?.name ?? '', bound, deleting });
        }
      }
    }
    return { types, boundOf };
  }
  const cache = await createClusterCache(store, {
    sources: [apiBindingsResource],
    load,
    maxClusters: options.maxClusters,
  });
  return { get: (cluster) => cache.get(cluster), stop: () => cache.stop() };
}
