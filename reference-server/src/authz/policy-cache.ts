// What the authorizer needs to know about a logical cluster — its RBAC index and its
// LogicalCluster's phase and required groups — loaded from the store on first use and kept in a
// bounded LRU. Nothing is held per workspace beyond the LRU's capacity, and a request never
// scans: a cold cluster costs four prefix reads plus one get, a warm one a map lookup.
//
// Freshness: the cache watches the RBAC and LogicalCluster collections of every cluster. The
// store calls watchers synchronously when a write commits, before the writer's request is
// answered, so an entry is dropped before anyone can observe the write; a build that was under
// way when its cluster changed is not kept (its callers started before the write, so the older
// view is still a correct answer for them), and the next request builds afresh.

import type { KubeObject } from '../api/types.js';
import { logicalClusterName } from '../registry/builtins/logicalclusters.js';
import {
  clusterOfKey,
  collectionPrefix,
  objectKey,
  resourcePrefix,
  type ResourceKeyParts,
} from '../storage/keys.js';
import type { Store, Watcher } from '../storage/store.js';
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
  const entries = new Map<string, ClusterPolicy>(); // insertion order = recency
  const building = new Map<string, { promise: Promise<ClusterPolicy>; stale: boolean }>();
  let objects = 0;
  let hits = 0;
  let misses = 0;
  let stopped = false;

  function drop(cluster: string): void {
    const entry = entries.get(cluster);
    if (entry) {
      objects -= entry.policy.size;
      entries.delete(cluster);
    }
    const pending = building.get(cluster);
    if (pending) {
      pending.stale = true;
      building.delete(cluster);
    }
  }

  function dropAll(): void {
    for (const cluster of [...entries.keys(), ...building.keys()]) drop(cluster);
  }

  const watchers: Watcher[] = [];
  async function watch(r: ResourceKeyParts): Promise<void> {
    const from = await store.currentRevision();
    if (stopped) return;
    const watcher = store.watch(resourcePrefix(r), from, {
      onEvent: (event) => drop(clusterOfKey(r, event.kv.key)),
      onClose: (reason) => {
        // A watcher that fell behind may have missed invalidations: forget everything, watch again.
        if (reason === 'overflow' && !stopped) {
          dropAll();
          void watch(r);
        }
      },
    });
    watchers.push(watcher);
  }
  for (const r of [...Object.values(rbacResources), logicalClusters]) await watch(r);

  return {
    async get(cluster) {
      const entry = entries.get(cluster);
      if (entry) {
        hits++;
        entries.delete(cluster);
        entries.set(cluster, entry);
        return entry;
      }
      misses++;
      const pending = building.get(cluster);
      if (pending) return pending.promise;
      const build = { promise: load(store, cluster), stale: false };
      building.set(cluster, build);
      try {
        const built = await build.promise;
        if (!build.stale && !stopped) {
          building.delete(cluster);
          entries.set(cluster, built);
          objects += built.policy.size;
          while (entries.size > options.maxClusters) drop(entries.keys().next().value!);
        }
        return built;
      } catch (error) {
        if (building.get(cluster) === build) building.delete(cluster);
        throw error;
      }
    },
    stats: () => ({ entries: entries.size, objects, hits, misses }),
    stop() {
      stopped = true;
      for (const w of watchers) w.cancel();
      entries.clear();
      building.clear();
    },
  };
}
