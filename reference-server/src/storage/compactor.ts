// Periodic compaction: keeps the last `retainRevisions` revisions of history, which bounds the
// store's size while leaving watchers that reconnect with a recent resourceVersion able to resume.

import type { Store } from './store.js';

export interface CompactorOptions {
  /** How many of the newest revisions stay watchable. */
  retainRevisions: number;
  intervalMs: number;
  /** Called when a compaction fails; the compactor keeps running. Default: a process warning. */
  onError?: (err: unknown) => void;
}

/** Starts compacting `store` every `intervalMs`; returns a function that stops it. */
export function startCompactor(store: Store, options: CompactorOptions): () => void {
  const { retainRevisions, intervalMs } = options;
  const onError =
    options.onError ?? ((err: unknown) => process.emitWarning(`store compaction failed: ${String(err)}`));
  let running = false;

  async function tick(): Promise<void> {
    // A compaction slower than the interval must not overlap with the next one.
    if (running) return;
    running = true;
    try {
      const target = (await store.currentRevision()) - retainRevisions;
      if (target > (await store.compactedRevision())) await store.compact(target);
    } catch (err) {
      onError(err);
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => void tick(), intervalMs);
  // Compaction is housekeeping: it must never be what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
