// Feeds a work queue from the store: one scan of a prefix at start (level-triggered: work a
// restart interrupted is found again), then every event under it. Returns the watcher to cancel.

import type { Store, StoreEvent, Watcher } from '../storage/store.js';

export async function informPrefix(
  store: Store,
  prefix: string,
  onObject: (key: string, value: string, event?: StoreEvent) => void,
): Promise<Watcher> {
  const start = await store.list(prefix);
  for (const kv of start.items) onObject(kv.key, kv.value);
  return store.watch(prefix, start.revision, { onEvent: (e) => onObject(e.kv.key, e.kv.value, e) });
}

/** The logical cluster of any object key (/registry/<group>/<resource>/<cluster>/...). */
export function clusterOfObjectKey(key: string): string {
  return key.split('/')[4] ?? '';
}

/** `<cluster>/<name>` of a cluster-scoped object key: the work-queue key of the apis controllers. */
export function clusterNameKey(key: string): string {
  return `${clusterOfObjectKey(key)}/${key.slice(key.lastIndexOf('/') + 1)}`;
}
