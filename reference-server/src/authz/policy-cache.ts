// What the authorizer needs to know about a logical cluster — its RBAC index and its
// LogicalCluster's phase and required groups — loaded from the store on first use and kept in a
// bounded LRU. Nothing is held per workspace beyond the LRU's capacity, and a request never
// scans: a cold cluster costs four prefix reads plus one get, a warm one a map lookup.
//
// Freshness: writes to the RBAC and LogicalCluster collections drop the cluster's entry before
// the writer is answered (storage/cluster-cache.ts).

import type { KubeObject } from '../api/types.js';
import { logicalClusterName } from '../registry/builtins/logicalclusters.js';
import { createClusterCache } from '../storage/cluster-cache.js';
import { collectionPrefix, objectKey, type ResourceKeyParts } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { buildPolicyIndex, type PolicyIndex } from './policy-index.js';

const rbac = (resource: string): ResourceKeyParts => ({ group: 'rbac.authorization.k8s.io', resource });
const rbacResources = {
  clusterRoles: rbac('clusterroles'),
  roles: rbac('roles'),
  clusterRoleBindings: rbac('clusterrolebindings'),
  roleBindings: rbac('rolebindings'),
};
const logicalClusters: ResourceKeyParts = { group: 'core.kcp.io', resource: 'logicalclusters' };

/** kcp's annotation of groups a caller must have (`a,b;c` = (a AND b) OR c). */
export const requiredGroupsAnnotation = 'authorization.kcp.io/required-groups';

export interface LogicalClusterFacts {
  phase: string;
  requiredGroups?: string;
}

export interface ClusterPolicy {
  cluster: string;
  policy: PolicyIndex;
  /** Undefined when the cluster has no LogicalCluster object. */
  logicalCluster?: LogicalClusterFacts;
  /** The store revision the entry reflects. */
  revision: number;
}

export interface PolicyCacheStats {
  entries: number;
  /** RBAC objects held by the entries. */
  objects: number;
  hits: number;
  misses: number;
}

export interface PolicyCache {
  get(cluster: string): Promise<ClusterPolicy>;
  stats(): PolicyCacheStats;
  stop(): void;
}

export interface PolicyCacheOptions {
  /** Most logical clusters kept; the least recently used is dropped beyond it. */
  maxClusters: number;
}

async function listObjects(store: Store, r: ResourceKeyParts, cluster: string) {
  const result = await store.list(collectionPrefix(r, cluster));
  return { objects: result.items.map((kv) => JSON.parse(kv.value) as KubeObject), revision: result.revision };
}

async function load(store: Store, cluster: string): Promise<ClusterPolicy> {
  const [clusterRoles, roles, clusterRoleBindings, roleBindings, lc] = await Promise.all([
    listObjects(store, rbacResources.clusterRoles, cluster),
    listObjects(store, rbacResources.roles, cluster),
    listObjects(store, rbacResources.clusterRoleBindings, cluster),
    listObjects(store, rbacResources.roleBindings, cluster),
    store.get(objectKey(logicalClusters, cluster, undefined, logicalClusterName)),
  ]);
  const policy = buildPolicyIndex({
    clusterRoles: clusterRoles.objects,
    roles: roles.objects,
    clusterRoleBindings: clusterRoleBindings.objects,
    roleBindings: roleBindings.objects,
  });
  let logicalCluster: LogicalClusterFacts | undefined;
  if (lc) {
    const obj = JSON.parse(lc.value) as KubeObject & { status?: { phase?: string } };
    const required = obj.metadata?.annotations?.[requiredGroupsAnnotation];
    logicalCluster = {
      phase: obj.status?.phase ?? '',
      ...(required !== undefined ? { requiredGroups: required } : {}),
    };
  }
  return { cluster, policy, ...(logicalCluster ? { logicalCluster } : {}), revision: clusterRoles.revision };
}

export async function createPolicyCache(store: Store, options: PolicyCacheOptions): Promise<PolicyCache> {
  const cache = await createClusterCache(store, {
    sources: [...Object.values(rbacResources), logicalClusters],
    load,
    maxClusters: options.maxClusters,
    sizeOf: (entry) => entry.policy.size,
  });
  return {
    get: (cluster) => cache.get(cluster),
    stats() {
      const { entries, size, hits, misses } = cache.stats();
      return { entries, objects: size, hits, misses };
    },
    stop: () => cache.stop(),
  };
}
