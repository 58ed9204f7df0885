// The apibinder initializer (kcp pkg/reconciler/tenancy/initialization): a logical cluster still
// Initializing with `system:apibindings` among its initializers gets one APIBinding for every
// defaultAPIBindings entry of its WorkspaceType and the types it extends, named
// `<export>-<5 characters of a hash>`; once each binding has completed its initial binding the
// initializer is removed (and the cluster is Ready when it was the last one).

import type { KubeObject } from '../api/types.js';
import { clusterOfObjectKey, informPrefix } from '../controllers/informer.js';
import type { Controller } from '../controllers/namespace-controller.js';
import { createWorkQueue } from '../controllers/work-queue.js';
import type { LogicalClusterStatus } from '../registry/builtins/logicalclusters.js';
import { logicalClusterName, logicalClusters } from '../registry/builtins/logicalclusters.js';
import { createObject, getObject, mutateObject } from '../registry/objects.js';
import { resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { resolveClusterPath } from '../tenancy/paths.js';
import {
  apiBindingsInitializer,
  findType,
  parseTypeAnnotation,
  pathAnnotation,
  typeAnnotation,
  typeClosure,
} from '../tenancy/workspace-types.js';
import { defaultBindingName, exportLabelValue } from './hashes.js';
import { apisGroup, bindingFinalizer, exportLabel } from './names.js';
import { apiBindings } from './system-types.js';
import type { APIBinding } from './types.js';

export async function startAPIBinderController(o: {
  store: Store;
  log: (msg: string) => void;
}): Promise<Controller> {
  const { store, log } = o;
  const queue = createWorkQueue((cluster) => reconcile(cluster), {
    onError: (cluster, e) => {
      log(`apibinder: ${cluster}: ${(e as Error).message}`);
      queue.addAfter(cluster, 1000);
    },
  });

  async function reconcile(cluster: string): Promise<void> {
    const scope = { type: logicalClusters, cluster };
    const lc = await getObject(store, scope, logicalClusterName).catch(() => undefined);
    const status = (lc?.status ?? {}) as LogicalClusterStatus;
    if (
      !lc ||
      status.phase !== 'Initializing' ||
      !(status.initializers ?? []).includes(apiBindingsInitializer)
    )
      return;

    const ref = parseTypeAnnotation(lc.metadata?.annotations?.[typeAnnotation]);
    const path = lc.metadata?.annotations?.[pathAnnotation] ?? cluster;
    const type = ref ? await findType(store, ref, path) : undefined;
    if (!type) {
      queue.addAfter(cluster, 2000); // the type may be created yet
      return;
    }
    const wanted = new Map<string, { path: string; export: string }>();
    for (const t of await typeClosure(store, type))
      for (const b of t.spec.defaultAPIBindings ?? []) {
        // An empty path is the WorkspaceType's own workspace, named by its logical cluster.
        const exportPath = b.path || t.cluster;
        wanted.set(defaultBindingName(cluster, exportPath, b.export), { path: exportPath, export: b.export });
      }

    let complete = true;
    for (const [name, ref] of wanted) {
      const binding = (await getObject(store, { type: apiBindings, cluster }, name).catch(
        () => undefined,
      )) as APIBinding | undefined;
      if (!binding) {
        complete = false;
        const exportCluster = ref.path === 'root' ? 'root' : await resolveClusterPath(store, ref.path);
        const obj: KubeObject = {
          apiVersion: `${apisGroup}/v1alpha2`,
          kind: 'APIBinding',
          metadata: {
            name,
            ...(exportCluster
              ? { labels: { [exportLabel]: exportLabelValue(exportCluster, ref.export) } }
              : {}),
            annotations: { [pathAnnotation]: path },
            finalizers: [bindingFinalizer],
          },
          spec: { reference: { export: { path: ref.path, name: ref.export } } },
        };
        await createObject(store, { type: apiBindings, cluster }, obj).catch((e: { code?: number }) => {
          if (e.code !== 409) throw e;
        });
        continue;
      }
      const initial = binding.status?.conditions?.find((c) => c.type === 'InitialBindingCompleted');
      if (initial?.status !== 'True') complete = false;
    }
    if (!complete) return; // binding events bring the cluster back
    await mutateObject(store, scope, logicalClusterName, (obj) => {
      const s = (obj.status ?? {}) as LogicalClusterStatus;
      if (!(s.initializers ?? []).includes(apiBindingsInitializer)) return false;
      s.initializers = (s.initializers ?? []).filter((i) => i !== apiBindingsInitializer);
      if (s.initializers.length === 0 && s.phase === 'Initializing') s.phase = 'Ready';
      obj.status = s;
    });
  }

  const lcWatcher = await informPrefix(
    store,
    resourcePrefix({ group: 'core.kcp.io', resource: 'logicalclusters' }),
    (key, value, e) => {
      if (e?.type === 'delete') return;
      const status = ((JSON.parse(value) as KubeObject).status ?? {}) as LogicalClusterStatus;
      if (status.phase === 'Initializing' && (status.initializers ?? []).includes(apiBindingsInitializer))
        queue.add(clusterOfObjectKey(key));
    },
  );
  // A binding moving on may complete its cluster's initialization; only initializing clusters care.
  const bindingWatcher = await informPrefix(
    store,
    resourcePrefix({ group: apisGroup, resource: 'apibindings' }),
    (key, _v, e) => {
      if (e !== undefined && e.type !== 'delete') queue.add(clusterOfObjectKey(key));
    },
  );
  return {
    idle: () => queue.idle(),
    stop() {
      lcWatcher.cancel();
      bindingWatcher.cancel();
      queue.stop();
    },
  };
}
