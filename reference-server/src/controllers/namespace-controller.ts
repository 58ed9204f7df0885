// Namespace deletion (Kubernetes' namespace controller, pkg/controller/namespace): once a
// namespace has a deletionTimestamp, delete everything in it, then drop the `kubernetes`
// finalizer and remove the namespace. Level-triggered: fed by store events for namespaces in
// every logical cluster, and by one scan at start for deletions a restart interrupted.

import type { KubeObject } from '../api/types.js';
import { namespaceFinalizer, namespaces } from '../registry/builtins/namespaces.js';
import type { Catalog } from '../registry/catalog.js';
import { decodeObject, encodeObject } from '../registry/codec.js';
import { keyFor } from '../registry/scope.js';
import { clusterOfKey, resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { deleteContent } from './delete-content.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';

const nsResource = { group: '', resource: 'namespaces' };

export interface Controller {
  /** Resolves when all queued work is done. */
  idle(): Promise<void>;
  stop(): void;
}

export async function startNamespaceController(
  store: Store,
  catalog: Catalog,
  log: (msg: string) => void,
): Promise<Controller> {
  const queue: WorkQueue = createWorkQueue((key) => reconcile(key), {
    onError: (key, e) => {
      log(`namespace controller: ${key}: ${(e as Error).message}`);
      queue.addAfter(key, 1000);
    },
  });
  const prefix = resourcePrefix(nsResource);
  const terminating = (value: string) =>
    (JSON.parse(value) as KubeObject).metadata?.deletionTimestamp !== undefined;
  const keyOf = (storeKey: string) =>
    `${clusterOfKey(nsResource, storeKey)}/${storeKey.slice(storeKey.lastIndexOf('/') + 1)}`;

  const start = await store.list(prefix);
  for (const kv of start.items) if (terminating(kv.value)) queue.add(keyOf(kv.key));
  // Namespaces whose content is held by finalizers: the deletion of that content moves them on.
  const waiting = new Set<string>();
  const watchers = [
    store.watch(prefix, start.revision, {
      onEvent: (e) => {
        if (e.type !== 'delete' && terminating(e.kv.value)) queue.add(keyOf(e.kv.key));
      },
    }),
    store.watch('/registry/', start.revision, {
      onEvent: (e) => {
        if (e.type !== 'delete' || waiting.size === 0) return;
        const parts = e.kv.key.split('/'); // /registry/<group>/<resource>/<cluster>/<namespace>/<name>
        const key = `${parts[4]}/${parts[5]}`;
        if (waiting.has(key)) queue.add(key);
      },
    }),
  ];

  async function reconcile(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const cluster = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const nsKey = keyFor({ type: namespaces, cluster }, name);
    const kv = await store.get(nsKey);
    waiting.delete(key);
    if (!kv) return;
    const ns = decodeObject(kv, namespaces, cluster);
    if (!ns.metadata?.deletionTimestamp) return;

    // Objects with finalizers stay until their owners release them; their deletion events
    // bring this namespace back (see `waiting`).
    if ((await deleteContent(store, catalog, { cluster, namespace: name })) > 0) {
      waiting.add(key);
      return;
    }
    const spec = (ns.spec ?? {}) as { finalizers?: string[] };
    const specFinalizers = (spec.finalizers ?? []).filter((f) => f !== namespaceFinalizer);
    const metaFinalizers = ns.metadata.finalizers ?? [];
    if (specFinalizers.length > 0 || metaFinalizers.length > 0) {
      // Someone else still holds the namespace; record our part and wait for them.
      if ((spec.finalizers ?? []).includes(namespaceFinalizer)) {
        ns.spec = { ...spec, finalizers: specFinalizers };
        await store.update(nsKey, encodeObject(ns), kv.modRevision);
      }
      return;
    }
    await store.delete(nsKey, kv.modRevision);
  }

  return {
    idle: () => queue.idle(),
    stop() {
      for (const w of watchers) w.cancel();
      queue.stop();
    },
  };
}
