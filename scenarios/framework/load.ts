// The two ways a scenario issues work. Closed loop: a fixed number of workers, each starting its
// next item when its previous one finished, so the server's speed sets the pace (throughput
// questions). Open loop: items start on a fixed schedule whatever the server does, and latency is
// measured from the SCHEDULED start; a slow server then shows up as latency instead of silently
// lowering the offered load (coordinated omission, Gil Tene).
import { setTimeout as delay } from 'node:timers/promises';

export interface LoadClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Resolves at `at` (or at once if it has passed); rejects when the signal aborts. */
  sleepUntil(at: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: LoadClock = {
  now: () => performance.now(),
  sleepUntil: async (at, signal) => {
    const wait = at - performance.now();
    if (wait > 0) await delay(wait, undefined, { signal });
  },
};

/**
 * Runs `work` on every item with at most `concurrency` at a time. Work may enqueue more items
 * (a workspace's children once it exists); the loop ends when the queue is empty and nothing is
 * in flight. After the signal aborts no new item starts; items in flight are awaited (they see
 * the same signal).
 */
export async function runClosedLoop<T>(
  initial: Iterable<T>,
  concurrency: number,
  work: (item: T, enqueue: (item: T) => void) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const queue = [...initial];
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const enqueue = (item: T): void => {
    queue.push(item);
    notify();
  };
  const onAbort = (): void => notify();
  signal?.addEventListener('abort', onAbort, { once: true });
  const worker = async (): Promise<void> => {
    for (;;) {
      if (signal?.aborted) return;
      const item = queue.shift();
      if (item === undefined) {
        if (inFlight === 0) {
          notify();
          return;
        }
        // Another worker's item may still enqueue children: wait for it.
        await new Promise<void>((resolve) => {
          const previous = wake;
          wake = () => {
            previous?.();
            resolve();
          };
        });
        continue;
      }
      inFlight += 1;
      try {
        await work(item, enqueue);
      } finally {
        inFlight -= 1;
        notify();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** When item i is due: i / rate seconds after the start. */
export function scheduledAt(start: number, index: number, ratePerSecond: number): number {
  return start + (index * 1000) / ratePerSecond;
}

/**
 * Starts `launch(i, scheduledAt)` for i = 0..count-1 at `ratePerSecond`, without waiting for
 * earlier launches, and resolves when all have settled. After the signal aborts no new item
 * starts. Returns how many were launched.
 */
export async function runOpenLoop(
  count: number,
  ratePerSecond: number,
  launch: (index: number, scheduledAt: number) => Promise<void>,
  options: { signal?: AbortSignal; clock?: LoadClock } = {},
): Promise<number> {
  const clock = options.clock ?? realClock;
  const start = clock.now();
  const launched: Promise<void>[] = [];
  for (let index = 0; index < count; index += 1) {
    const due = scheduledAt(start, index, ratePerSecond);
    try {
      await clock.sleepUntil(due, options.signal);
    } catch (error) {
      if (options.signal?.aborted) break;
      throw error;
    }
    if (options.signal?.aborted) break;
    // A launch that throws must not stop the schedule; its own code records the failure.
    launched.push(launch(index, due).catch(() => undefined));
  }
  await Promise.all(launched);
  return launched.length;
}
