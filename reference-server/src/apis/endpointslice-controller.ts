// APIExportEndpointSlices (kcp pkg/reconciler/apis/apiexportendpointslice and ...urls): the slice
// says whether its export exists (APIExportValid), that it has no partition to honour
// (PartitionValid), and lists the export's virtual workspace URL while at least one APIBinding
// to the export exists; a new export's slice has no endpoints until something binds.
//
// What is kept in memory is one counter per export that has bindings (by the export label every
// binding carries), not anything per binding or per workspace.

import { setCondition } from '../controllers/conditions.js';
import { clusterNameKey, informPrefix } from '../controllers/informer.js';
import type { Controller } from '../controllers/namespace-controller.js';
import { createWorkQueue } from '../controllers/work-queue.js';
import { getObject, mutateObject } from '../registry/objects.js';
import { resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { resolveClusterPath } from '../tenancy/paths.js';
import { exportLabelValue } from './hashes.js';
import { apiExportVirtualWorkspacePath, apisGroup, exportLabel } from './names.js';
import { apiExportEndpointSlices, apiExports } from './system-types.js';
import type { APIBinding, APIExportEndpointSlice } from './types.js';

export async function startEndpointSliceController(o: {
  store: Store;
  externalURL: string;
  log: (msg: string) => void;
}): Promise<Controller> {
  const { store, externalURL, log } = o;
  const bindingsPerExport = new Map<string, number>();
  const queue = createWorkQueue((key) => reconcile(key), {
    onError: (key, e) => {
      log(`apiexportendpointslice controller: ${key}: ${(e as Error).message}`);
      queue.addAfter(key, 1000);
    },
  });

  async function reconcile(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const cluster = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const scope = { type: apiExportEndpointSlices, cluster };
    const slice = (await getObject(store, scope, name).catch(() => undefined)) as
      APIExportEndpointSlice | undefined;
    if (!slice) return;
    const ref = slice.spec?.export ?? { name: '' };
    const exportPath = ref.path || cluster;
    const exportCluster = await resolveClusterPath(store, exportPath);
    const apiExport = exportCluster
      ? await getObject(store, { type: apiExports, cluster: exportCluster }, ref.name).catch(() => undefined)
      : undefined;
    await mutateObject(store, scope, name, (obj) => {
      const s = obj as APIExportEndpointSlice;
      const status = (s.status ??= {});
      const before = JSON.stringify(status);
      if (!apiExport || !exportCluster) {
        delete status.endpoints;
        status.conditions = setCondition(status.conditions, {
          type: 'APIExportValid',
          status: 'False',
          severity: 'Error',
          reason: 'APIExportNotFound',
          message: `Error getting APIExport ${exportPath}|${ref.name}`,
        });
      } else {
        status.conditions = setCondition(status.conditions, { type: 'APIExportValid', status: 'True' });
        status.conditions = setCondition(status.conditions, { type: 'PartitionValid', status: 'True' });
        const bound = (bindingsPerExport.get(exportLabelValue(exportCluster, ref.name)) ?? 0) > 0;
        if (bound)
          status.endpoints = [{ url: externalURL + apiExportVirtualWorkspacePath(exportCluster, ref.name) }];
        else delete status.endpoints;
      }
      if (JSON.stringify(status) === before) return false;
    });
  }

  /** Every slice: an export or its bindings changed, and slices may name exports anywhere. */
  async function requeueAllSlices(): Promise<void> {
    const list = await store.list(resourcePrefix({ group: apisGroup, resource: 'apiexportendpointslices' }));
    for (const kv of list.items) queue.add(keyOf(kv.key));
  }
  const keyOf = clusterNameKey;
  const requeue = () =>
    void requeueAllSlices().catch((e: Error) => log(`apiexportendpointslice controller: ${e.message}`));

  let started = false;
  const bindingsWatcher = await informPrefix(
    store,
    resourcePrefix({ group: apisGroup, resource: 'apibindings' }),
    (_key, value, e) => {
      if (e?.type === 'update') return;
      const label = (JSON.parse(value) as APIBinding).metadata?.labels?.[exportLabel];
      if (!label) return;
      const before = bindingsPerExport.get(label) ?? 0;
      const after = before + (e?.type === 'delete' ? -1 : 1);
      if (after <= 0) bindingsPerExport.delete(label);
      else bindingsPerExport.set(label, after);
      if (started && (before === 0) !== after <= 0) requeue();
    },
  );
  const exportsWatcher = await informPrefix(
    store,
    resourcePrefix({ group: apisGroup, resource: 'apiexports' }),
    (_k, _v, e) => {
      if (started && e?.type !== 'update') requeue();
    },
  );
  const slicesWatcher = await informPrefix(
    store,
    resourcePrefix({ group: apisGroup, resource: 'apiexportendpointslices' }),
    (key, _v, e) => {
      if (e?.type !== 'delete') queue.add(keyOf(key));
    },
  );
  started = true;
  return {
    idle: () => queue.idle(),
    stop() {
      bindingsWatcher.cancel();
      exportsWatcher.cancel();
      slicesWatcher.cancel();
      queue.stop();
    },
  };
}
