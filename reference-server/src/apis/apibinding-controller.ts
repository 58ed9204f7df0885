// APIBindings (kcp pkg/reconciler/apis/apibinding and apibindingdeletion). A new binding goes to
// phase Binding; then, each pass: the export is looked up (APIExportValid), it must have an
// identity, the group-resources of its schemas are locked for this binding in the LogicalCluster
// (first come, first served: NamingConflicts otherwise), the bound CRD of each schema is made in
// system:bound-crds and waited for until Established (WaitingForEstablished), and then the
// binding is Bound with status.boundResources naming each schema and the export's identity. The
// summary condition Ready follows InitialBindingCompleted only, as on kcp.
//
// Deleting a binding deletes its objects in the workspace (their finalizers honoured); while any
// remain the binding stays with BindingResourceDeleteSuccess False, then its finalizer goes.

import type { KubeObject } from '../api/types.js';
import { isEstablished, type CustomResourceDefinition } from '../apiextensions/crd-object.js';
import { setCondition } from '../controllers/conditions.js';
import { clusterNameKey, clusterOfObjectKey, informPrefix } from '../controllers/informer.js';
import type { Controller } from '../controllers/namespace-controller.js';
import { createWorkQueue } from '../controllers/work-queue.js';
import { customResourceDefinitions } from '../registry/builtins/crds.js';
import { logicalClusterName, logicalClusters } from '../registry/builtins/logicalclusters.js';
import type { Condition } from '../registry/builtins/tenancy.js';
import { encodeObject } from '../registry/codec.js';
import { deleteObject, getObject, mutateObject, now } from '../registry/objects.js';
import { collectionPrefix, objectKey, resourcePrefix } from '../storage/keys.js';
import { KeyExistsError, type Store } from '../storage/store.js';
import { resolveClusterPath } from '../tenancy/paths.js';
import { randomUUID } from 'node:crypto';
import { boundCRDFor } from './bound-crd.js';
import { apiBindingsResource, boundResourceTypes, boundStorage } from './bound-types.js';
import { exportLabelValue } from './hashes.js';
import {
  apisGroup,
  bindingFinalizer,
  boundCRDsCluster,
  exportLabel,
  resourceBindingsAnnotation,
} from './names.js';
import {
  describeSkipped,
  formatLocks,
  groupResourceKey,
  lockForBinding,
  parseLocks,
} from './resource-locks.js';
import { namingConflict, type NameHolder } from './name-conflicts.js';
import { appliedClaimsOf, claimStatus, relabelClaimed, type AcceptableClaim } from './permission-claims.js';
import { apiBindings, apiExports, apiResourceSchemas } from './system-types.js';
import type { APIBinding, APIExport, APIResourceSchema, BoundResource } from './types.js';

type NewCondition = Omit<Condition, 'lastTransitionTime'>;

const crdResource = { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' };

function conditionOf(b: APIBinding, type: string): Condition | undefined {
  return b.status?.conditions?.find((c) => c.type === type);
}

/** Sets a condition; kcp keeps Ready first and the rest by type. */
function mark(b: APIBinding, c: NewCondition): void {
  const status = (b.status ??= {});
  status.conditions = sortConditions(setCondition(status.conditions, c));
}

export function sortConditions(list: Condition[]): Condition[] {
  return [...list].sort((a, b) =>
    a.type === b.type ? 0 : a.type === 'Ready' ? -1 : b.type === 'Ready' ? 1 : a.type < b.type ? -1 : 1,
  );
}

/** Sets `type` False, and InitialBindingCompleted too while it has never been True. */
function markNotUpToDate(
  b: APIBinding,
  type: 'BindingUpToDate',
  c: Omit<NewCondition, 'type' | 'status'>,
): void {
  mark(b, { type, status: 'False', ...c });
  if (conditionOf(b, 'InitialBindingCompleted')?.status !== 'True')
    mark(b, { type: 'InitialBindingCompleted', status: 'False', ...c });
}

/** kcp's summary: Ready mirrors InitialBindingCompleted. */
function summarize(b: APIBinding): void {
  const initial = conditionOf(b, 'InitialBindingCompleted');
  if (!initial) return;
  mark(b, {
    type: 'Ready',
    status: initial.status,
    ...(initial.status !== 'True' && initial.severity ? { severity: initial.severity } : {}),
    ...(initial.status !== 'True' && initial.reason ? { reason: initial.reason } : {}),
    ...(initial.status !== 'True' && initial.message ? { message: initial.message } : {}),
  });
}

export async function startAPIBindingController(o: {
  store: Store;
  log: (msg: string) => void;
}): Promise<Controller> {
  const { store, log } = o;
  /** Bindings waiting for a bound CRD to be Established, by CRD name. Entries go once it is. */
  const waitingFor = new Map<string, Set<string>>();
  // kcp runs 10 workers for bindings; each pass here is a few store reads and one or two writes.
  const queue = createWorkQueue((key) => reconcile(key), {
    concurrency: 8,
    onError: (key, e) => {
      log(`apibinding controller: ${key}: ${(e as Error).message}`);
      queue.addAfter(key, 1000);
    },
  });

  async function reconcile(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const cluster = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const scope = { type: apiBindings, cluster };
    const binding = (await getObject(store, scope, name).catch(() => undefined)) as APIBinding | undefined;
    if (!binding) return;
    if (binding.metadata?.deletionTimestamp) return finalize(cluster, binding);

    const next = structuredClone(binding);
    if (!next.status?.phase) {
      // kcp writes this first step on its own and binds on the next pass; both happen here in one
      // pass and one write, so a binding whose export is ready is Bound in its first update.
      (next.status ??= {}).phase = 'Binding';
      mark(next, {
        type: 'InitialBindingCompleted',
        status: 'False',
        severity: 'Info',
        reason: 'WaitingForEstablished',
        message: 'Waiting for API(s) to be established',
      });
    }
    const requeueAfter = await bind(cluster, next);
    summarize(next);
    await writeStatus(cluster, name, binding, next);
    await applyClaimLabels(cluster, binding, next);
    if (requeueAfter !== undefined) queue.addAfter(key, requeueAfter);
  }

  async function writeStatus(
    cluster: string,
    name: string,
    before: APIBinding,
    after: APIBinding,
  ): Promise<void> {
    if (JSON.stringify(before.status ?? {}) === JSON.stringify(after.status ?? {})) return;
    await mutateObject(store, { type: apiBindings, cluster }, name, (obj) => {
      if (obj.metadata?.uid !== before.metadata?.uid) return false;
      obj.status = after.status;
    });
  }

  /** After a binding's claims changed: relabel the claimed resources in its cluster (all its bindings' claims). */
  async function applyClaimLabels(cluster: string, before: APIBinding, after: APIBinding): Promise<void> {
    const was = appliedClaimsOf(before, true);
    const now = appliedClaimsOf(after, true);
    const same =
      was.length === now.length && was.every((c, i) => JSON.stringify(c) === JSON.stringify(now[i]));
    if (same) return;
    const list = await store.list(collectionPrefix(apiBindingsResource, cluster));
    const applied = list.items.flatMap((kv) => appliedClaimsOf(JSON.parse(kv.value) as APIBinding));
    await relabelClaimed(store, cluster, applied, [...was, ...now]);
  }

  /** One binding pass; returns a delay when the binding must be looked at again. */
  async function bind(cluster: string, b: APIBinding): Promise<number | undefined> {
    const ref = b.spec?.reference?.export;
    if (!ref?.name) {
      mark(b, {
        type: 'APIExportValid',
        status: 'False',
        severity: 'Error',
        reason: 'APIExportInvalidReference',
        message: 'Missing APIExport reference',
      });
      return undefined;
    }
    const exportPath = ref.path || cluster;
    const exportCluster = await resolveClusterPath(store, exportPath);
    const apiExport = exportCluster
      ? ((await getObject(store, { type: apiExports, cluster: exportCluster }, ref.name).catch(
          () => undefined,
        )) as APIExport | undefined)
      : undefined;
    if (!apiExport || !exportCluster) {
      mark(b, {
        type: 'APIExportValid',
        status: 'False',
        severity: 'Error',
        reason: 'APIExportNotFound',
        message: `APIExport ${exportPath}|${ref.name} not found`,
      });
      return undefined;
    }
    const status = (b.status ??= {});
    const claims = claimStatus(b, (apiExport.spec?.permissionClaims ?? []) as AcceptableClaim[]);
    mark(b, { type: 'PermissionClaimsValid', ...claims.valid });
    // Labels are applied right after the status write (relabelClaimed): nothing fails between.
    mark(b, { type: 'PermissionClaimsApplied', status: 'True' });
    if (claims.exportPermissionClaims) status.exportPermissionClaims = claims.exportPermissionClaims as never;
    else delete status.exportPermissionClaims;
    if (claims.appliedPermissionClaims) status.appliedPermissionClaims = claims.appliedPermissionClaims;
    else delete status.appliedPermissionClaims;
    const identity = apiExport.status?.identityHash;
    if (!identity) {
      mark(b, {
        type: 'APIExportValid',
        status: 'False',
        severity: 'Warning',
        reason: 'MissingIdentityHash',
        message: `APIExport ${exportPath}|${ref.name} is missing status.identityHash`,
      });
      return undefined;
    }
    status.apiExportClusterName = exportCluster;

    const schemas: APIResourceSchema[] = [];
    for (const resource of apiExport.spec?.resources ?? []) {
      const schema = (await getObject(
        store,
        { type: apiResourceSchemas, cluster: exportCluster },
        resource.schema,
      ).catch(() => undefined)) as APIResourceSchema | undefined;
      if (!schema) {
        mark(b, {
          type: 'APIExportValid',
          status: 'False',
          severity: 'Error',
          reason: 'InternalError',
          message: `Invalid APIExport. Please contact the APIExport owner to resolve: APIResourceSchema "${resource.schema}" not found`,
        });
        return undefined;
      }
      schemas.push(schema);
    }

    const skipped = await lockResources(
      cluster,
      b.metadata?.name ?? '',
      schemas.map((s) => groupResourceKey(s.spec.group, s.spec.names.plural ?? '')),
    );

    const holders = await nameHolders(cluster);
    const waiting: string[] = [];
    for (const schema of schemas) {
      const gr = groupResourceKey(schema.spec.group, schema.spec.names.plural ?? '');
      if (skipped.has(gr)) continue;
      const conflict = namingConflict(holders, b.metadata?.name ?? '', schema);
      if (conflict) {
        markNotUpToDate(b, 'BindingUpToDate', {
          severity: 'Error',
          reason: 'NamingConflicts',
          message: `Unable to bind APIs: ${conflict}`,
        });
        return 5000; // the other holder may go away
      }
      const crd = boundCRDFor(schema, exportCluster);
      if (!crd) {
        mark(b, {
          type: 'APIExportValid',
          status: 'False',
          severity: 'Error',
          reason: 'InternalError',
          message: 'Invalid APIExport. Please contact the APIExport owner to resolve',
        });
        return undefined;
      }
      const crdName = crd.metadata!.name!;
      const existing = await getObject(
        store,
        { type: customResourceDefinitions, cluster: boundCRDsCluster },
        crdName,
      ).catch(() => undefined);
      if (!existing) await createBoundCRD(crd);
      if (!existing || !isEstablished(existing as CustomResourceDefinition)) {
        waiting.push(schema.metadata?.name ?? '');
        const set = waitingFor.get(crdName) ?? new Set<string>();
        set.add(`${cluster}/${b.metadata?.name ?? ''}`);
        waitingFor.set(crdName, set);
        continue;
      }
      const storageVersions = new Set<string>(
        (existing as CustomResourceDefinition).status?.storedVersions ?? [],
      );
      const bound: BoundResource = {
        group: schema.spec.group,
        resource: schema.spec.names.plural ?? '',
        schema: {
          name: schema.metadata?.name ?? '',
          UID: schema.metadata?.uid ?? '',
          identityHash: identity,
        },
        storageVersions: [...storageVersions].sort(),
      };
      const list = (status.boundResources ??= []);
      const i = list.findIndex((r) => r.group === bound.group && r.resource === bound.resource);
      if (i >= 0) {
        for (const v of list[i]!.storageVersions ?? []) storageVersions.add(v);
        bound.storageVersions = [...storageVersions].sort();
        list[i] = bound;
      } else list.push(bound);
    }

    mark(b, { type: 'APIExportValid', status: 'True' });
    if (waiting.length > 0) {
      const message = `Waiting for API(s) to be established: ${waiting.sort().join(', ')}`;
      markNotUpToDate(b, 'BindingUpToDate', { severity: 'Info', reason: 'WaitingForEstablished', message });
      return undefined; // the bound CRD's Established event brings the binding back
    }
    if (skipped.size > 0) {
      markNotUpToDate(b, 'BindingUpToDate', {
        severity: 'Error',
        reason: 'NamingConflicts',
        message: `Unable to bind APIs because they are bound by other APIBindings or CRDs: ${describeSkipped(skipped)}`,
      });
      return 5000; // the holder may go away
    }
    mark(b, { type: 'InitialBindingCompleted', status: 'True' });
    mark(b, { type: 'BindingUpToDate', status: 'True' });
    status.phase = 'Bound';
    return undefined;
  }

  /** The CRDs of the workspace and the bound CRDs of its other bindings, for the name check. */
  async function nameHolders(cluster: string): Promise<NameHolder[]> {
    const holders: NameHolder[] = [];
    const bindings = await store.list(
      collectionPrefix({ group: apisGroup, resource: 'apibindings' }, cluster),
    );
    for (const kv of bindings.items) {
      const other = JSON.parse(kv.value) as APIBinding;
      const ref = other.spec?.reference?.export;
      for (const bound of other.status?.boundResources ?? []) {
        const crd = (await getObject(
          store,
          { type: customResourceDefinitions, cluster: boundCRDsCluster },
          bound.schema.UID,
        ).catch(() => undefined)) as CustomResourceDefinition | undefined;
        if (crd)
          holders.push({
            crd,
            binding: {
              name: other.metadata?.name ?? '',
              exportName: ref?.name ?? '',
              ...(ref?.path ? { path: ref.path } : {}),
            },
          });
      }
    }
    for (const kv of (await store.list(collectionPrefix(crdResource, cluster))).items)
      holders.push({ crd: JSON.parse(kv.value) as CustomResourceDefinition });
    return holders;
  }

  /** Locks what nobody holds for `binding`; returns what others hold (from the LogicalCluster). */
  async function lockResources(cluster: string, binding: string, wanted: string[]) {
    const bindingNames = new Set(
      (await store.list(collectionPrefix({ group: apisGroup, resource: 'apibindings' }, cluster))).items.map(
        (kv) => (JSON.parse(kv.value) as KubeObject).metadata?.name ?? '',
      ),
    );
    let skipped = new Map<string, { n?: string; c?: boolean }>();
    await mutateObject(store, { type: logicalClusters, cluster }, logicalClusterName, (lc) => {
      const annotations = (lc.metadata!.annotations ??= {});
      const before = annotations[resourceBindingsAnnotation];
      const result = lockForBinding(parseLocks(before), binding, wanted, bindingNames);
      skipped = result.skipped;
      const after = formatLocks(result.locks);
      if (after === before) return false;
      annotations[resourceBindingsAnnotation] = after;
    });
    return skipped;
  }

  async function createBoundCRD(crd: CustomResourceDefinition): Promise<void> {
    const meta = crd.metadata!;
    const storage = crd.spec?.versions?.find((v) => v.storage)?.name;
    const obj: CustomResourceDefinition = {
      ...crd,
      metadata: { ...meta, uid: randomUUID(), creationTimestamp: now(), generation: 1 },
      // What the CRD strategy gives a new CRD; the CRD controller takes it from there.
      status: {
        conditions: null,
        acceptedNames: { plural: '', kind: '' },
        storedVersions: storage ? [storage] : [],
      },
    };
    const key = objectKey(crdResource, boundCRDsCluster, undefined, meta.name!);
    await store.create(key, encodeObject(obj, customResourceDefinitions)).catch((e: unknown) => {
      if (!(e instanceof KeyExistsError)) throw e;
    });
  }

  async function finalize(cluster: string, b: APIBinding): Promise<void> {
    const name = b.metadata?.name ?? '';
    if (!(b.metadata?.finalizers ?? []).includes(bindingFinalizer)) return;
    const crds = await Promise.all(
      (b.status?.boundResources ?? []).map(async (bound) => ({
        bound,
        crd: (await getObject(
          store,
          { type: customResourceDefinitions, cluster: boundCRDsCluster },
          bound.schema.UID,
        ).catch(() => undefined)) as CustomResourceDefinition | undefined,
      })),
    );
    const remaining = new Map<string, number>();
    const finalizers = new Map<string, number>();
    for (const { bound, crd } of crds) {
      const prefix = collectionPrefix(boundStorage(bound), cluster);
      const items = (await store.list(prefix)).items;
      if (items.length === 0) continue;
      const type = crd
        ? boundResourceTypes(crd, bound, cluster, true).find((t) => t.storageVersion)
        : undefined;
      for (const kv of items) {
        const rest = kv.key.slice(prefix.length).split('/');
        const objName = rest[rest.length - 1]!;
        if (!type) {
          await store.delete(kv.key).catch(() => undefined);
          continue;
        }
        const scope = { type, cluster, ...(rest.length > 1 ? { namespace: rest[0]! } : {}) };
        const result = await deleteObject(store, scope, objName).catch((e: { code?: number }) => {
          if (e.code !== 404) throw e;
          return undefined;
        });
        if (result && !result.deleted) {
          remaining.set(
            groupResourceKey(bound.group, bound.resource),
            (remaining.get(groupResourceKey(bound.group, bound.resource)) ?? 0) + 1,
          );
          for (const f of result.object.metadata?.finalizers ?? [])
            finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
        }
      }
    }
    const next = structuredClone(b);
    if (finalizers.size > 0) {
      const list = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
      mark(next, {
        type: 'BindingResourceDeleteSuccess',
        status: 'False',
        severity: 'Error',
        reason: 'SomeFinalizersRemain',
        message: `Some content in the workspace has finalizers remaining: ${list.join(', ')}`,
      });
    } else if (remaining.size > 0) {
      const list = [...remaining].map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
      mark(next, {
        type: 'BindingResourceDeleteSuccess',
        status: 'False',
        severity: 'Error',
        reason: 'SomeResourcesRemain',
        message: `Some resources are remaining: ${list.join(', ')}`,
      });
    } else {
      mark(next, { type: 'BindingResourceDeleteSuccess', status: 'True' });
    }
    await writeStatus(cluster, name, b, next);
    if (finalizers.size > 0 || remaining.size > 0) {
      queue.addAfter(`${cluster}/${name}`, 1000);
      return;
    }
    await mutateObject(store, { type: apiBindings, cluster }, name, (obj) => {
      const list = obj.metadata?.finalizers ?? [];
      if (!list.includes(bindingFinalizer)) return false;
      obj.metadata!.finalizers = list.filter((f) => f !== bindingFinalizer);
    });
    await releaseLocks(cluster, name);
    // Its claims are gone with it: their labels go from the consumer's objects.
    await applyClaimLabels(cluster, b, { ...b, status: { ...b.status, appliedPermissionClaims: [] } });
  }

  async function releaseLocks(cluster: string, binding: string): Promise<void> {
    await mutateObject(store, { type: logicalClusters, cluster }, logicalClusterName, (lc) => {
      const annotations = lc.metadata?.annotations ?? {};
      const locks = parseLocks(annotations[resourceBindingsAnnotation]);
      const kept = Object.fromEntries(Object.entries(locks).filter(([, lock]) => lock.n !== binding));
      if (Object.keys(kept).length === Object.keys(locks).length) return false;
      annotations[resourceBindingsAnnotation] = formatLocks(kept);
      lc.metadata!.annotations = annotations;
    }).catch(() => undefined);
  }

  /**
   * Bindings anywhere that name this export (by their export label): those not Bound yet when it
   * appears or changes, every one when it goes (they stay Bound, with APIExportValid False).
   */
  async function requeueBindingsOf(exportCluster: string, exportName: string, all: boolean): Promise<void> {
    const label = exportLabelValue(exportCluster, exportName);
    const list = await store.list(resourcePrefix({ group: apisGroup, resource: 'apibindings' }));
    for (const kv of list.items) {
      const b = JSON.parse(kv.value) as APIBinding;
      if (b.metadata?.labels?.[exportLabel] === label && (all || b.status?.phase !== 'Bound'))
        queue.add(keyOf(kv.key));
    }
  }

  const keyOf = clusterNameKey;
  let started = false;
  const bindingsWatcher = await informPrefix(
    store,
    resourcePrefix({ group: apisGroup, resource: 'apibindings' }),
    (key, _v, e) => {
      if (e?.type !== 'delete') queue.add(keyOf(key));
    },
  );
  const exportsWatcher = await informPrefix(
    store,
    resourcePrefix({ group: apisGroup, resource: 'apiexports' }),
    (key, _v, e) => {
      if (!started) return;
      const name = key.slice(key.lastIndexOf('/') + 1);
      void requeueBindingsOf(clusterOfObjectKey(key), name, e?.type === 'delete').catch((err: Error) =>
        log(`apibinding controller: ${err.message}`),
      );
    },
  );
  const boundCRDsWatcher = await informPrefix(
    store,
    collectionPrefix(crdResource, boundCRDsCluster),
    (key, value) => {
      const name = key.slice(key.lastIndexOf('/') + 1);
      const waiting = waitingFor.get(name);
      if (!waiting || !isEstablished(JSON.parse(value) as CustomResourceDefinition)) return;
      waitingFor.delete(name);
      for (const k of waiting) queue.add(k);
    },
  );
  started = true;
  return {
    idle: () => queue.idle(),
    stop() {
      bindingsWatcher.cancel();
      exportsWatcher.cancel();
      boundCRDsWatcher.cancel();
      queue.stop();
    },
  };
}
