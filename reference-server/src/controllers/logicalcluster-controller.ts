// LogicalCluster lifecycle, level-triggered per cluster (kcp pkg/reconciler/core/logicalcluster,
// pkg/reconciler/tenancy/logicalcluster, the root:universal initializer):
//   Initializing → run our own initializer (root:universal: namespaces default and kube-system)
//                  and remove it from status.initializers; Ready once none is left;
//   always       → the creator's `workspace-admin` ClusterRoleBinding to cluster-admin; the
//                  phase, initializer and terminator labels and the terminator finalizer
//                  (tenancy/lifecycle-metadata.ts), written before anything else;
//   Ready ⇄ Inactive → follow the core.kcp.io/inactive mark (tenancy/inactive-clusters.ts);
//   deletion     → Terminating while terminators remain, then Deleting; meanwhile (kcp does not
//                  wait for terminators) delete everything in the cluster, nested workspaces
//                  included, which recurse, and its cluster roles and bindings last, so owners
//                  and terminators keep their access until the rest is gone; report
//                  WorkspaceContentDeleted, and release the deletion finalizer once nothing is
//                  left. The cluster goes once its terminators have let go too. Progress is
//                  driven by the deletions' own events.

import type { KubeObject } from '../api/types.js';
import {
  logicalClusterDeletionFinalizer,
  logicalClusters,
  type LogicalClusterSpec,
  type LogicalClusterStatus,
} from '../registry/builtins/logicalclusters.js';
import { namespaces } from '../registry/builtins/namespaces.js';
import type { Catalog } from '../registry/catalog.js';
import type { ResourceType } from '../registry/resource-type.js';
import { createObject, getObject, mutateObject } from '../registry/objects.js';
import { resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { isInactive } from '../tenancy/inactive-clusters.js';
import { syncLifecycleMetadata } from '../tenancy/lifecycle-metadata.js';
import { logicalClusterName, logicalClusterScope } from '../tenancy/keys.js';
import { setCondition } from './conditions.js';
import { clusterOfObjectKey, informPrefix } from './informer.js';
import type { Controller } from './namespace-controller.js';
import { deleteContent } from './delete-content.js';
import { createWorkQueue } from './work-queue.js';

/** The initializer this server implements itself; any other is left to its owner. */
export const universalInitializer = 'root:universal';

export interface LogicalClusterControllerOptions {
  store: Store;
  catalog: Catalog;
  log: (msg: string) => void;
}

const isClusterRBAC = (t: ResourceType) =>
  t.group === 'rbac.authorization.k8s.io' &&
  (t.names.plural === 'clusterroles' || t.names.plural === 'clusterrolebindings');

const statusOf = (o: KubeObject) => (o.status ??= {}) as LogicalClusterStatus;

export async function startLogicalClusterController(o: LogicalClusterControllerOptions): Promise<Controller> {
  const { store, catalog, log } = o;
  const deleting = new Set<string>();
  const queue = createWorkQueue((cluster) => reconcile(cluster), {
    concurrency: 4,
    onError: (cluster, e) => {
      log(`logicalcluster controller: ${cluster}: ${(e as Error).stack ?? String(e)}`);
      queue.addAfter(cluster, 1000);
    },
  });
  const lcPrefix = resourcePrefix({ group: 'core.kcp.io', resource: 'logicalclusters' });
  const watchers = [
    await informPrefix(store, lcPrefix, (key) => queue.add(clusterOfObjectKey(key))),
    // Content of a cluster being deleted going away is what moves its deletion on. One set
    // lookup per write; nothing is kept for clusters that are not being deleted.
    store.watch('/registry/', await store.currentRevision(), {
      onEvent: (e) => {
        if (e.type !== 'delete' || deleting.size === 0) return;
        const cluster = clusterOfObjectKey(e.kv.key);
        if (deleting.has(cluster)) queue.add(cluster);
      },
    }),
  ];

  async function reconcile(cluster: string): Promise<void> {
    const scope = logicalClusterScope(cluster);
    const lc = await getObject(store, scope, logicalClusterName).catch(() => undefined);
    if (!lc) {
      deleting.delete(cluster);
      return;
    }
    // kcp writes metadata first and status after (logicalcluster_reconcile.go); the write comes
    // back as an event.
    if (syncLifecycleMetadata(structuredClone(lc))) {
      await mutateObject(store, scope, logicalClusterName, (c) => syncLifecycleMetadata(c));
      return;
    }
    if (lc.metadata?.deletionTimestamp) return reconcileDeletion(cluster);
    deleting.delete(cluster);
    await ensureWorkspaceAdmin(cluster, lc);
    const status = statusOf(lc);
    if (nextActivityPhase(lc) !== undefined) {
      await mutateObject(store, scope, logicalClusterName, (c) => {
        const phase = nextActivityPhase(c);
        if (phase === undefined) return false;
        statusOf(c).phase = phase;
        syncLifecycleMetadata(c);
      });
      return;
    }
    if (status.phase !== 'Initializing') return;
    if ((status.initializers ?? []).includes(universalInitializer)) {
      for (const name of ['default', 'kube-system']) {
        await createObject(
          store,
          { type: namespaces, cluster },
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        ).catch((e: { code?: number }) => {
          if (e.code !== 409) throw e;
        });
      }
    }
    await mutateObject(store, scope, logicalClusterName, (c) => {
      const s = statusOf(c);
      s.initializers = (s.initializers ?? []).filter((i) => i !== universalInitializer);
      if (s.initializers.length === 0 && s.phase === 'Initializing') s.phase = 'Ready';
      syncLifecycleMetadata(c);
    });
  }

  /** kcp only moves a Ready cluster to Inactive and back (logicalcluster_reconcile_phase.go). */
  function nextActivityPhase(c: KubeObject): 'Inactive' | 'Ready' | undefined {
    const { phase } = statusOf(c);
    const inactive = isInactive(c.metadata?.annotations);
    if (phase === 'Ready' && inactive) return 'Inactive';
    if (phase === 'Inactive' && !inactive) return 'Ready';
    return undefined;
  }

  async function ensureWorkspaceAdmin(cluster: string, lc: KubeObject): Promise<void> {
    const username = ((lc.spec ?? {}) as LogicalClusterSpec).createdBy?.username;
    if (!username) return;
    const crbs = await catalog.resolve(cluster, 'rbac.authorization.k8s.io', 'v1', 'clusterrolebindings');
    if (!crbs) return;
    await createObject(
      store,
      { type: crbs, cluster },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'workspace-admin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: username }],
      },
    ).catch((e: { code?: number }) => {
      if (e.code !== 409) throw e;
    });
  }

  async function reconcileDeletion(cluster: string): Promise<void> {
    deleting.add(cluster);
    // kcp logicalcluster_deletion_controller.go: cluster roles and bindings once all else is gone.
    let remaining = await deleteContent(store, catalog, {
      cluster,
      except: (t) => t === logicalClusters || isClusterRBAC(t),
    });
    if (remaining === 0)
      remaining = await deleteContent(store, catalog, { cluster, except: (t) => t === logicalClusters });
    await mutateObject(store, logicalClusterScope(cluster), logicalClusterName, (c) => {
      const s = statusOf(c);
      s.phase = (s.terminators ?? []).length > 0 ? 'Terminating' : 'Deleting';
      s.conditions = setCondition(
        s.conditions as never,
        remaining > 0
          ? {
              type: 'WorkspaceContentDeleted',
              status: 'False',
              severity: 'Info',
              reason: 'SomeResourcesRemain',
              message: `${remaining} objects remain`,
            }
          : { type: 'WorkspaceContentDeleted', status: 'True' },
      );
      if (remaining === 0)
        c.metadata!.finalizers = (c.metadata!.finalizers ?? []).filter(
          (f) => f !== logicalClusterDeletionFinalizer,
        );
      syncLifecycleMetadata(c);
    });
    if (remaining === 0) deleting.delete(cluster);
  }

  return {
    idle: () => queue.idle(),
    stop() {
      for (const w of watchers) w.cancel();
      queue.stop();
    },
  };
}
