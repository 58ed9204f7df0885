// A deduplicating work queue with bounded concurrency and delayed requeue, the shape of
// client-go's workqueue: a key queued while it is being processed runs once more afterwards.

export interface WorkQueue {
  add(key: string): void;
  addAfter(key: string, ms: number): void;
  /** Resolves when the queue is empty and no worker is busy (for tests and shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

export function createWorkQueue(
  work: (key: string) => Promise<void>,
  options: { concurrency?: number; onError?: (key: string, e: unknown) => void } = {},
): WorkQueue {
  const concurrency = options.concurrency ?? 2;
  const queued = new Set<string>();
  const order: string[] = [];
  const running = new Set<string>();
  const dirty = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let idleWaiters: (() => void)[] = [];
  let stopped = false;

  const checkIdle = () => {
    if (order.length === 0 && running.size === 0 && timers.size === 0) {
      for (const w of idleWaiters) w();
      idleWaiters = [];
    }
  };

  const pump = () => {
    while (!stopped && running.size < concurrency && order.length > 0) {
      const key = order.shift()!;
      queued.delete(key);
      running.add(key);
      void work(key)
        .catch((e) => options.onError?.(key, e))
        .finally(() => {
          running.delete(key);
          if (dirty.delete(key)) add(key);
          pump();
          checkIdle();
        });
    }
  };

  const add = (key: string) => {
    if (stopped) return;
    if (running.has(key)) {
      dirty.add(key);
      return;
    }
    if (queued.has(key)) return;
    queued.add(key);
    order.push(key);
    pump();
  };

  return {
    add,
    addAfter(key, ms) {
      if (stopped) return;
      const t = setTimeout(() => {
        timers.delete(t);
        add(key);
        checkIdle();
      }, ms);
      t.unref();
      timers.add(t);
    },
    idle: () =>
      new Promise((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      }),
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      checkIdle();
    },
  };
}
