// The Workspace lifecycle, level-triggered per Workspace (kcp pkg/reconciler/tenancy/workspace):
//   Scheduling   → choose a cluster name (recorded first, so a crash cannot orphan a cluster),
//                  create its LogicalCluster, set spec.cluster and spec.URL → Initializing;
//   Initializing → mirror the LogicalCluster's initializers; Ready once it is Ready;
//   deletion     → delete the LogicalCluster (whose controller empties it); Terminating while
//                  its terminators remain, then Deleting; mirror WorkspaceContentDeleted, and
//                  drop our finalizer once the cluster is gone.

import { requiredGroupsAnnotation } from '../authz/policy-cache.js';
import type { KubeObject } from '../api/types.js';
import {
  logicalClusterDeletionFinalizer,
  type LogicalClusterSpec,
  type LogicalClusterStatus,
} from '../registry/builtins/logicalclusters.js';
import {
  type Condition,
  workspaceFinalizer,
  type WorkspaceSpec,
  type WorkspaceStatus,
} from '../registry/builtins/tenancy.js';
import { createObject, deleteObject, getObject, mutateObject } from '../registry/objects.js';
import { resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { ownerAnnotation } from '../admission/workspace-admission.js';
import { randomClusterName } from '../tenancy/cluster-names.js';
import { phaseLabel, syncLifecycleMetadata } from '../tenancy/lifecycle-metadata.js';
import { logicalClusterName, logicalClusterScope, workspaceScope } from '../tenancy/keys.js';
import {
  findType,
  initializersOf,
  pathAnnotation,
  terminatorsOf,
  typeAnnotation,
  typeClosure,
} from '../tenancy/workspace-types.js';
import { setCondition } from './conditions.js';
import { clusterOfObjectKey, informPrefix } from './informer.js';
import type { Controller } from './namespace-controller.js';
import { createWorkQueue } from './work-queue.js';

export const clusterAnnotation = 'internal.tenancy.kcp.io/cluster';
export const shardAnnotation = 'core.kcp.io/shard';
export const shardName = 'root';

export interface WorkspaceControllerOptions {
  store: Store;
  /** Base URL clients reach this server at; workspace URLs are built on it. */
  externalURL: string;
  log: (msg: string) => void;
}

const get = <T>(o: KubeObject, f: 'spec' | 'status') => (o[f] ??= {}) as T;

function setPhase(ws: KubeObject, phase: string): void {
  get<WorkspaceStatus>(ws, 'status').phase = phase;
  ws.metadata!.labels = { ...(ws.metadata!.labels ?? {}), [phaseLabel]: phase };
}

function mirrorTerminators(ws: KubeObject, lc: LogicalClusterStatus): void {
  const status = get<WorkspaceStatus>(ws, 'status');
  if ((lc.terminators ?? []).length > 0) status.terminators = lc.terminators;
  else delete status.terminators;
}

function setWsCondition(ws: KubeObject, c: Omit<Condition, 'lastTransitionTime'>): void {
  const status = get<WorkspaceStatus>(ws, 'status');
  status.conditions = setCondition(status.conditions, c);
}

export async function startWorkspaceController(o: WorkspaceControllerOptions): Promise<Controller> {
  const { store, externalURL, log } = o;
  const queue = createWorkQueue((key) => reconcile(key), {
    concurrency: 4,
    onError: (key, e) => {
      log(`workspace controller: ${key}: ${(e as Error).stack ?? String(e)}`);
      queue.addAfter(key, 1000);
    },
  });

  const wsPrefix = resourcePrefix({ group: 'tenancy.kcp.io', resource: 'workspaces' });
  const lcPrefix = resourcePrefix({ group: 'core.kcp.io', resource: 'logicalclusters' });
  const watchers = [
    await informPrefix(store, wsPrefix, (key) =>
      queue.add(`${clusterOfObjectKey(key)}/${key.slice(key.lastIndexOf('/') + 1)}`),
    ),
    // A LogicalCluster's changes concern the Workspace that owns it.
    await informPrefix(store, lcPrefix, (_key, value) => {
      const owner = (JSON.parse(value) as { spec?: LogicalClusterSpec }).spec?.owner;
      if (owner?.resource === 'workspaces') queue.add(`${owner.cluster}/${owner.name}`);
    }),
  ];

  async function reconcile(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const parentCluster = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const scope = workspaceScope(parentCluster);
    const ws = await getObject(store, scope, name).catch(() => undefined);
    if (!ws) return;
    const spec = get<WorkspaceSpec>(ws, 'spec');
    if (ws.metadata?.deletionTimestamp) return reconcileDeletion(parentCluster, name, spec);
    if (!spec.cluster) return schedule(parentCluster, name, ws);
    return mirror(parentCluster, name, spec.cluster);
  }

  async function schedule(parentCluster: string, name: string, ws: KubeObject): Promise<void> {
    const scope = workspaceScope(parentCluster);
    let chosen = ws.metadata?.annotations?.[clusterAnnotation];
    if (!chosen) {
      chosen = randomClusterName();
      const picked = chosen;
      await mutateObject(store, scope, name, (w) => {
        const meta = w.metadata!;
        if (meta.annotations?.[clusterAnnotation]) return false;
        meta.annotations = {
          ...(meta.annotations ?? {}),
          [clusterAnnotation]: picked,
          [shardAnnotation]: shardName,
        };
        meta.finalizers = [...new Set([...(meta.finalizers ?? []), workspaceFinalizer])];
        setPhase(w, 'Scheduling');
      });
      return; // the update comes back as an event
    }

    const parentLC = await getObject(store, logicalClusterScope(parentCluster), logicalClusterName);
    const parentPath = parentLC.metadata?.annotations?.[pathAnnotation] ?? parentCluster;
    const path = `${parentPath}:${name}`;
    const typeRef = get<WorkspaceSpec>(ws, 'spec').type ?? { name: 'universal', path: 'root' };
    const type = await findType(store, typeRef, parentPath);
    const closure = type ? await typeClosure(store, type) : [];
    const initializers = initializersOf(closure);
    const terminators = terminatorsOf(closure);
    const ownerJSON = ws.metadata?.annotations?.[ownerAnnotation];
    const owner = ownerJSON
      ? (JSON.parse(ownerJSON) as { username?: string; uid?: string; groups?: string[] })
      : undefined;

    const lcSpec: LogicalClusterSpec = {
      owner: {
        apiVersion: 'tenancy.kcp.io/v1alpha1',
        resource: 'workspaces',
        name,
        cluster: parentCluster,
        uid: ws.metadata?.uid ?? '',
      },
      initializers,
      ...(terminators.length > 0 ? { terminators } : {}),
    };
    if (owner?.username)
      lcSpec.createdBy = {
        username: owner.username,
        ...(owner.groups ? { groups: owner.groups } : {}),
        ...(owner.uid ? { uid: owner.uid } : {}),
      };
    const lcStatus: LogicalClusterStatus = {
      phase: 'Initializing',
      URL: `${externalURL}/clusters/${chosen}`,
      initializers,
      ...(terminators.length > 0 ? { terminators } : {}),
    };
    const annotations: Record<string, string> = {
      [pathAnnotation]: path,
      [typeAnnotation]: `${typeRef.path ?? 'root'}:${typeRef.name}`,
      [shardAnnotation]: shardName,
    };
    if (ownerJSON) annotations[ownerAnnotation] = ownerJSON;
    // kcp workspace_reconcile_scheduling.go: the workspace's required groups guard its cluster.
    const requiredGroups = ws.metadata?.annotations?.[requiredGroupsAnnotation];
    if (requiredGroups !== undefined) annotations[requiredGroupsAnnotation] = requiredGroups;
    const lc: KubeObject = {
      apiVersion: 'core.kcp.io/v1alpha1',
      kind: 'LogicalCluster',
      metadata: { name: logicalClusterName, annotations, finalizers: [logicalClusterDeletionFinalizer] },
      spec: lcSpec,
      status: lcStatus,
    };
    // Created with its lifecycle labels and finalizers, so the lifecycle virtual workspaces see it
    // from the first event (kcp's controller adds them a moment later).
    syncLifecycleMetadata(lc);
    await createObject(store, logicalClusterScope(chosen), lc).catch((e: { code?: number }) => {
      if (e.code !== 409) throw e;
    });

    const cluster = chosen;
    await mutateObject(store, workspaceScope(parentCluster), name, (w) => {
      const s = get<WorkspaceSpec>(w, 'spec');
      if (s.cluster) return false;
      s.cluster = cluster;
      s.URL = `${externalURL}/clusters/${path}`;
      setPhase(w, 'Initializing');
      setWsCondition(w, { type: 'WorkspaceScheduled', status: 'True' });
      const status = get<WorkspaceStatus>(w, 'status');
      status.initializers = initializers;
      if (terminators.length > 0) status.terminators = terminators;
    });
  }

  async function mirror(parentCluster: string, name: string, cluster: string): Promise<void> {
    const lc = await getObject(store, logicalClusterScope(cluster), logicalClusterName).catch(
      () => undefined,
    );
    await mutateObject(store, workspaceScope(parentCluster), name, (w) => {
      if (!lc) {
        setWsCondition(w, {
          type: 'WorkspaceInitialized',
          status: 'False',
          severity: 'Error',
          reason: 'WorkspaceDisappeared',
          message: 'LogicalCluster disappeared',
        });
        setPhase(w, 'Unavailable');
        return;
      }
      const lcStatus = get<LogicalClusterStatus>(lc, 'status');
      const initializers = lcStatus.initializers ?? [];
      get<WorkspaceStatus>(w, 'status').initializers = initializers;
      mirrorTerminators(w, lcStatus);
      if (initializers.length > 0) {
        setWsCondition(w, {
          type: 'WorkspaceInitialized',
          status: 'False',
          severity: 'Info',
          reason: 'InitializerExists',
          message: `Initializers still exist: [${initializers.join(' ')}]`,
        });
      } else {
        setWsCondition(w, { type: 'WorkspaceInitialized', status: 'True' });
      }
      const ready = lcStatus.phase === 'Ready' && initializers.length === 0;
      setPhase(w, ready ? 'Ready' : 'Initializing');
    });
  }

  async function reconcileDeletion(parentCluster: string, name: string, spec: WorkspaceSpec): Promise<void> {
    const scope = workspaceScope(parentCluster);
    const lc = spec.cluster
      ? await getObject(store, logicalClusterScope(spec.cluster), logicalClusterName).catch(() => undefined)
      : undefined;
    if (lc && spec.cluster) {
      if (!lc.metadata?.deletionTimestamp)
        await deleteObject(store, logicalClusterScope(spec.cluster), logicalClusterName).catch(
          (e: { code?: number }) => {
            if (e.code !== 404) throw e;
          },
        );
      const lcStatus = get<LogicalClusterStatus>(lc, 'status');
      const contentDeleted = (lcStatus.conditions as Condition[] | undefined)?.find(
        (c) => c.type === 'WorkspaceContentDeleted',
      );
      await mutateObject(store, scope, name, (w) => {
        // kcp workspace_reconcile_phase.go: computed here from the cluster's terminators.
        mirrorTerminators(w, lcStatus);
        setPhase(w, (lcStatus.terminators ?? []).length > 0 ? 'Terminating' : 'Deleting');
        if (contentDeleted) {
          const { lastTransitionTime: _t, ...c } = contentDeleted;
          setWsCondition(w, c);
        }
      });
      return;
    }
    // The logical cluster is gone: its content with it, and the Workspace may go too.
    await mutateObject(store, scope, name, (w) => {
      const meta = w.metadata!;
      if (!(meta.finalizers ?? []).includes(workspaceFinalizer)) return false;
      meta.finalizers = (meta.finalizers ?? []).filter((f) => f !== workspaceFinalizer);
      delete get<WorkspaceStatus>(w, 'status').terminators;
      setWsCondition(w, { type: 'WorkspaceContentDeleted', status: 'True' });
      setPhase(w, 'Deleting');
    });
  }

  return {
    idle: () => queue.idle(),
    stop() {
      for (const w of watchers) w.cancel();
      queue.stop();
    },
  };
}
