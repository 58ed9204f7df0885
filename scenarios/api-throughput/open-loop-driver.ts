// The open-loop driver without HTTP: starts request i at start + i/rate (framework/load.ts
// runOpenLoop) and measures each latency from that SCHEDULED start to the answer. A request
// started late (busy event loop) or waiting for a free connection is charged the wait, so a
// server that falls behind shows up as latency instead of as a silently lower offered rate:
// the correction for coordinated omission (Gil Tene; wrk2 does the same).
import { createLatencyRecorder } from '../framework/histogram.js';
import { realClock, runOpenLoop, type LoadClock } from '../framework/load.js';
import type { LatencySummary } from '../framework/result.js';

/** How many requests `durationSec` at `rate` per second offers (at least one). */
export function plannedCount(rate: number, durationSec: number): number {
  return Math.max(1, Math.round(rate * durationSec));
}

/** An answer: an HTTP status, or a short reason when there was none ("timeout", ...). */
export type Answer = number | string;

export interface OpenLoopRun {
  sent: number;
  /** 2xx answers. */
  succeeded: number;
  /** Latencies of the 2xx answers, from scheduled start. */
  latency: LatencySummary;
  /** Everything but 2xx, by status or reason. */
  errors: Record<string, number>;
  /**
   * The offered window (count / rate) or, when answers came later, first start to last answer,
   * in seconds: a server that keeps up shows exactly the offered rate.
   */
  durationSec: number;
}

export interface DriveOptions {
  rate: number;
  durationSec: number;
  /** Send at most this many, even if rate × duration is more (DELETE: what CREATE made). */
  maxCount?: number;
  /** Sends request `index` and resolves with its answer; must not throw. */
  send(index: number): Promise<Answer>;
  signal?: AbortSignal;
  clock?: LoadClock;
  onSent?(index: number): void;
}

export async function driveOpenLoop(options: DriveOptions): Promise<OpenLoopRun> {
  const clock = options.clock ?? realClock;
  const latency = createLatencyRecorder();
  const errors: Record<string, number> = {};
  let succeeded = 0;
  const start = clock.now();
  const planned = plannedCount(options.rate, options.durationSec);
  const count = options.maxCount === undefined ? planned : Math.min(planned, options.maxCount);
  const sent = await runOpenLoop(
    count,
    options.rate,
    async (index, scheduledAt) => {
      options.onSent?.(index);
      const answer = await options.send(index);
      if (typeof answer === 'number' && answer >= 200 && answer < 300) {
        succeeded += 1;
        latency.record(clock.now() - scheduledAt);
      } else errors[String(answer)] = (errors[String(answer)] ?? 0) + 1;
    },
    { signal: options.signal, clock },
  );
  const durationSec = Math.max(sent / options.rate, (clock.now() - start) / 1000);
  return { sent, succeeded, latency: latency.summary(), errors, durationSec };
}
