// The resource quota controller as kcp runs it: status.hard mirrors spec.hard and status.used
// counts, per namespace, the objects named by `count/<resource>[.<group>]` entries. kcp runs
// only the generic object-count evaluators, so the legacy names (`configmaps`, `secrets`,
// `pods`, `requests.cpu`, ...) are accepted in spec.hard but never appear in status.used (probed
// on kcp). A quota is recomputed when it changes and when an object is created or deleted in its
// namespace.

import type { KubeObject } from '../api/types.js';
import { resourcequotas } from '../registry/builtins/resourcequotas.js';
import { getObject, updateObject } from '../registry/objects.js';
import { collectionPrefix, resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { informPrefix } from './informer.js';
import type { Controller } from './namespace-controller.js';
import { createWorkQueue } from './work-queue.js';

/** The stored resource a `count/...` quota entry counts, or undefined for other entries. */
export function countedResource(name: string): { group: string; resource: string } | undefined {
  const m = /^count\/([^.]+)(?:\.(.+))?$/.exec(name);
  if (!m) return undefined;
  return { resource: m[1]!, group: m[2] ?? '' };
}

/** How many objects of a counted resource a namespace holds now. */
export async function countInNamespace(
  store: Store,
  r: { group: string; resource: string },
  cluster: string,
  namespace: string,
): Promise<number> {
  return store.count(collectionPrefix(r, cluster, namespace));
}

/** The status a quota should have: hard as asked, used for the counted entries. */
export async function computeQuotaStatus(
  store: Store,
  quota: KubeObject,
  cluster: string,
): Promise<{ hard: Record<string, string>; used: Record<string, string> }> {
  const hard = { ...(((quota.spec ?? {}) as { hard?: Record<string, string> }).hard ?? {}) };
  const used: Record<string, string> = {};
  const namespace = quota.metadata?.namespace ?? '';
  for (const name of Object.keys(hard)) {
    const r = countedResource(name);
    if (r) used[name] = String(await countInNamespace(store, r, cluster, namespace));
  }
  return { hard, used };
}

export async function startResourceQuotaController(o: {
  store: Store;
  log: (msg: string) => void;
}): Promise<Controller> {
  const { store, log } = o;
  const prefix = resourcePrefix({ group: '', resource: 'resourcequotas' });
  // cluster/namespace → quota names, kept from the quota informer.
  const quotasByNamespace = new Map<string, Set<string>>();
  const queue = createWorkQueue((key) => reconcile(key), {
    onError: (key, e) => {
      log(`resource quota controller: ${key}: ${(e as Error).message}`);
      queue.addAfter(key, 1000);
    },
  });

  const quotaWatcher = await informPrefix(store, prefix, (key, _value, event) => {
    const [cluster, namespace, name] = key.slice(prefix.length).split('/') as [string, string, string];
    const nsKey = `${cluster}/${namespace}`;
    const names = quotasByNamespace.get(nsKey) ?? new Set<string>();
    if (event?.type === 'delete') names.delete(name);
    else {
      names.add(name);
      queue.add(`${nsKey}/${name}`);
    }
    if (names.size > 0) quotasByNamespace.set(nsKey, names);
    else quotasByNamespace.delete(nsKey);
  });
  // Creations and deletions anywhere change counts; only namespaces with quotas care.
  const contentWatcher = store.watch('/registry/', await store.currentRevision(), {
    onEvent: (e) => {
      if (e.type === 'update' || quotasByNamespace.size === 0) return;
      const parts = e.kv.key.split('/'); // ['', 'registry', group, resource, cluster, ns, name]
      if (parts.length !== 7 || e.kv.key.startsWith(prefix)) return;
      const nsKey = `${parts[4]}/${parts[5]}`;
      for (const name of quotasByNamespace.get(nsKey) ?? []) queue.add(`${nsKey}/${name}`);
    },
  });

  async function reconcile(key: string): Promise<void> {
    const [cluster, namespace, name] = key.split('/') as [string, string, string];
    const scope = { type: resourcequotas, cluster, namespace };
    const quota = await getObject(store, scope, name).catch((e: { code?: number }) => {
      if (e.code === 404) return undefined;
      throw e;
    });
    if (!quota || quota.metadata?.deletionTimestamp) return;
    const status = await computeQuotaStatus(store, quota, cluster);
    if (JSON.stringify(status) === JSON.stringify(quota.status ?? {})) return;
    await updateObject(
      store,
      scope,
      name,
      { ...quota, status },
      {
        subresource: 'status',
        // kcp's controllers write as field manager "kcp" (probed).
        fieldManager: 'kcp',
      },
    ).catch((e: { code?: number }) => {
      // A concurrent write: it queued this quota again.
      if (e.code !== 409 && e.code !== 404) throw e;
    });
  }

  return {
    idle: () => queue.idle(),
    stop: () => {
      quotaWatcher.cancel();
      contentWatcher.cancel();
      queue.stop();
    },
  };
}
