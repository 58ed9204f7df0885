// Resident memory of the target. From /proc/<pid>/status (VmRSS) when the harness spawned the
// server and knows its pid: exact and costs the server nothing. Otherwise from the target's
// /metrics (process_resident_memory_bytes, which kcp, kube-apiserver and our server all export),
// which works for any running endpoint the kubeconfig's user may scrape.
//
// Memory moves for a while after load stops (GC, caches, compaction), so every sample is taken
// only once RSS has settled: SETTLE_RULE below, with the rule that ended the wait recorded.
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import type { BenchTarget } from './scenario.js';

export interface RssSource {
  /** e.g. "VmRSS of pid 123 (/proc/123/status)". */
  readonly describe: string;
  /** Bytes. */
  sample(signal?: AbortSignal): Promise<number>;
}

/** VmRSS from a /proc/<pid>/status text, in bytes; undefined when absent. */
export function parseVmRss(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** process_resident_memory_bytes from a Prometheus text exposition; undefined when absent. */
export function parseResidentMemory(metrics: string): number | undefined {
  const match = /^process_resident_memory_bytes(?:\{[^}]*\})?\s+([0-9.eE+-]+)/m.exec(metrics);
  const value = match ? Number(match[1]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

export function procRssSource(pid: number): RssSource {
  const path = `/proc/${pid}/status`;
  return {
    describe: `VmRSS of pid ${pid} (${path})`,
    async sample() {
      const bytes = parseVmRss(await readFile(path, 'utf8'));
      if (bytes === undefined) throw new Error(`${path} has no VmRSS line (has the process exited?)`);
      return bytes;
    },
  };
}

/** server: a client at the server's base URL (no /clusters/ path); /metrics is shard-level. */
export function metricsRssSource(server: ClusterClient): RssSource {
  const url = `${server.baseUrl}/metrics`;
  return {
    describe: `process_resident_memory_bytes from ${url}`,
    async sample(signal) {
      const response = await server.get('/metrics', { signal, headers: { accept: 'text/plain' } });
      // kube-apiserver and kcp authorize /metrics (nonResourceURL, verb get) like any request.
      if (response.status === 401 || response.status === 403)
        throw new Error(
          `GET ${url} answered ${response.status}: the kubeconfig's identity may not read /metrics; ` +
            'use an identity allowed `get` on the non-resource URL /metrics (e.g. cluster-admin or system:masters)',
        );
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
      const bytes = parseResidentMemory(response.text);
      if (bytes === undefined) throw new Error(`${url} has no process_resident_memory_bytes`);
      return bytes;
    },
  };
}

/**
 * /proc when the pid is known and readable here (Linux), else /metrics. Both are tried once
 * now, so a run that cannot measure memory fails before it creates anything.
 */
export async function rssSourceFor(target: BenchTarget, signal?: AbortSignal): Promise<RssSource> {
  let procProblem = 'the harness did not spawn the target';
  if (target.pid !== undefined) {
    const proc = procRssSource(target.pid);
    try {
      await proc.sample();
      return proc;
    } catch (error) {
      procProblem = error instanceof Error ? error.message : String(error);
    }
  }
  const metrics = metricsRssSource(target.root.at(target.server));
  try {
    await metrics.sample(signal);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot sample the target's RSS: not from /proc (${procProblem}), not from /metrics (${reason})`,
      {
        cause: error,
      },
    );
  }
  return metrics;
}

export interface SettleRule {
  /** Time between samples. */
  intervalMs: number;
  /** Samples in a row that must agree. */
  consecutive: number;
  /** Largest allowed spread of those samples, relative to their smallest: 0.02 = 2%. */
  tolerance: number;
  /** Give up waiting after this long and take the last sample anyway. */
  maxMs: number;
}

export const SETTLE_RULE: Readonly<SettleRule> = {
  intervalMs: 1000,
  consecutive: 3,
  tolerance: 0.02,
  maxMs: 30_000,
};

export interface SettledSample {
  /** The last sample, in bytes. */
  bytes: number;
  /** True when the samples agreed; false when maxMs ran out first. */
  settled: boolean;
  samples: number;
  elapsedMs: number;
  /** For the result's notes: which rule ended the wait, with numbers. */
  rule: string;
}

export interface SettleClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: SettleClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

/** Relative spread (max − min) / min of the last n samples. */
export function spread(samples: readonly number[]): number {
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  return min > 0 ? (max - min) / min : max === min ? 0 : Infinity;
}

/**
 * Samples every intervalMs until `consecutive` samples in a row differ by less than `tolerance`
 * (settled), or maxMs has passed (not settled: the last sample is used, and the note says so).
 */
export async function settleAndSample(
  source: Pick<RssSource, 'sample'>,
  rule: SettleRule = SETTLE_RULE,
  options: { signal?: AbortSignal; clock?: SettleClock } = {},
): Promise<SettledSample> {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const samples: number[] = [];
  for (;;) {
    samples.push(await source.sample(options.signal));
    const elapsedMs = clock.now() - started;
    const window = samples.slice(-rule.consecutive);
    const last = samples[samples.length - 1] ?? 0;
    const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;
    if (window.length === rule.consecutive && spread(window) < rule.tolerance) {
      return {
        bytes: last,
        settled: true,
        samples: samples.length,
        elapsedMs,
        rule:
          `settled: ${rule.consecutive} samples ${rule.intervalMs} ms apart within ${percent(rule.tolerance)} ` +
          `(spread ${percent(spread(window))}) after ${samples.length} samples, ${Math.round(elapsedMs)} ms`,
      };
    }
    if (elapsedMs + rule.intervalMs > rule.maxMs) {
      return {
        bytes: last,
        settled: false,
        samples: samples.length,
        elapsedMs,
        rule:
          `timeout: not settled within ${rule.maxMs} ms (last ${window.length} samples spread ` +
          `${percent(spread(window))}, needed < ${percent(rule.tolerance)}); used the last sample`,
      };
    }
    await clock.sleep(rule.intervalMs, options.signal);
  }
}
