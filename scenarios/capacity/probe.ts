// One capacity probe: `count` workspaces started at `rate` per second, open loop, under a fresh
// bench parent, with create→Ready measured from each workspace's scheduled start (so a server
// that falls behind shows up as latency). The engine is workspace-creation's creator; the
// parent, and with it the probe's workspaces, is deleted and awaited gone before the next probe
// so probes do not measure each other's leftovers.
import type { LatencySummary } from '../framework/result.js';
import type { BenchTarget } from '../framework/scenario.js';
import { openWorkspaceCreator } from '../workspace-creation/creator.js';
import { FIRST_REQUEST_INTERVAL_MS } from '../workspace-creation/parameters.js';
import { flatPlan } from '../workspace-creation/plan.js';

export interface ProbeResult {
  rate: number;
  count: number;
  createToReady: LatencySummary;
  ready: number;
  errors: Record<string, number>;
  errorCount: number;
  /** Ready workspaces per second actually achieved, first start to last done. */
  throughput?: number;
  /** How the clean-up went, for the notes. */
  cleanUp: string;
}

export interface ProbeOptions {
  target: BenchTarget;
  rate: number;
  count: number;
  readyTimeoutMs: number;
  signal: AbortSignal;
  onDone?(done: number): void;
}

export async function probeCreationRate(options: ProbeOptions): Promise<ProbeResult> {
  const { rate, count } = options;
  const errors: Record<string, number> = {};
  let done = 0;
  const creator = await openWorkspaceCreator({
    target: options.target,
    readyTimeoutMs: options.readyTimeoutMs,
    firstRequestIntervalMs: FIRST_REQUEST_INTERVAL_MS,
    signal: options.signal,
    onError: (key) => void (errors[key] = (errors[key] ?? 0) + 1),
    onOutcome: () => options.onDone?.((done += 1)),
  });
  let cleanUp: string;
  try {
    await creator.runOpen(flatPlan(0, count), rate);
  } finally {
    const deletion = await creator.close(false);
    cleanUp = deletion?.error
      ? `deleting ${creator.parent.path} failed: ${deletion.error}`
      : `deleted ${creator.parent.path} (gone after ${Math.round(deletion?.goneMs ?? 0)} ms)`;
  }
  const throughput = creator.throughput();
  return {
    rate,
    count,
    createToReady: creator.createToReady.summary(),
    ready: creator.stats.ready,
    errors,
    errorCount: Object.values(errors).reduce((sum, n) => sum + n, 0),
    ...(throughput !== undefined ? { throughput } : {}),
    cleanUp,
  };
}
