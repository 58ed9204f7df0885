// Events expire: kube-apiserver stores them with an etcd lease of --event-ttl (1h by default),
// renewed by every write, so an Event nobody touched for an hour disappears (watchers see a
// DELETED). Our store has no leases, so a periodic sweep deletes Events whose last write is older
// than the TTL. The last write is approximated by the newest time the object carries: creation,
// managedFields entries (one per writer), lastTimestamp and series.lastObservedTime.

import type { KubeObject } from '../api/types.js';
import { resourcePrefix } from '../storage/keys.js';
import { KeyNotFoundError, RevisionConflictError, type Store } from '../storage/store.js';
import type { Controller } from './namespace-controller.js';

export const defaultEventTTLSeconds = 60 * 60;

/** The newest time an Event records about itself, in ms since the epoch (0 when none parses). */
export function lastWriteOf(event: KubeObject): number {
  const e = event as Record<string, unknown> & KubeObject;
  const times: unknown[] = [e.metadata?.creationTimestamp, e.lastTimestamp, e.deprecatedLastTimestamp];
  const series = e.series as { lastObservedTime?: unknown } | undefined;
  if (series && typeof series === 'object') times.push(series.lastObservedTime);
  for (const m of e.metadata?.managedFields ?? []) times.push((m as { time?: unknown }).time);
  let newest = 0;
  for (const t of times) {
    const ms = typeof t === 'string' ? Date.parse(t) : NaN;
    if (!Number.isNaN(ms) && ms > newest) newest = ms;
  }
  return newest;
}

export function startEventTTLController(o: {
  store: Store;
  log: (msg: string) => void;
  ttlSeconds?: number;
  /** How often to sweep; default a tenth of the TTL, at most a minute. */
  intervalMs?: number;
}): Controller {
  const ttlMs = (o.ttlSeconds ?? defaultEventTTLSeconds) * 1000;
  const intervalMs = o.intervalMs ?? Math.min(ttlMs / 10, 60_000);
  const prefix = resourcePrefix({ group: '', resource: 'events' });
  let running: Promise<void> = Promise.resolve();

  async function sweep(): Promise<void> {
    const cutoff = Date.now() - ttlMs;
    let start: string | undefined;
    do {
      const page = await o.store.list(prefix, { limit: 500, ...(start ? { startKey: start } : {}) });
      for (const kv of page.items) {
        if (lastWriteOf(JSON.parse(kv.value) as KubeObject) > cutoff) continue;
        await o.store.delete(kv.key, kv.modRevision).catch((e: unknown) => {
          // Written or deleted meanwhile: the next sweep looks again.
          if (!(e instanceof RevisionConflictError) && !(e instanceof KeyNotFoundError)) throw e;
        });
      }
      start = page.nextKey;
    } while (start);
  }

  const timer = setInterval(() => {
    running = running
      .then(sweep)
      .catch((e: unknown) => o.log(`event TTL controller: ${(e as Error).message}`));
  }, intervalMs);
  timer.unref();
  return {
    idle: () => running,
    stop: () => clearInterval(timer),
  };
}
