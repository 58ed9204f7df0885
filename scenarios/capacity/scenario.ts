// capacity: the highest workspace creation rate (workspaces/s, open loop) the target sustains
// with p99 create→Ready within --slo-p99-ms and no errors, found by a doubling ladder and then
// bisection (search.ts), each probe creating --probe-count workspaces at its rate (probe.ts).
import { startResult } from '../framework/result-builder.js';
import type { ScenarioResult } from '../framework/result.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { DEFAULT_READY_TIMEOUT_MS } from '../workspace-creation/parameters.js';
import type { CapacityParams } from './params.js';
import { probeCreationRate, type ProbeResult } from './probe.js';
import { searchMaxRate } from './search.js';

/** What the creator's first-request check after Ready needs on top (one request of up to 10 s). */
const FIRST_REQUEST_ALLOWANCE_MS = 10_000;

/**
 * A workspace not Ready after many times the SLO fails its probe anyway; waiting the full
 * workspaceReady timeout (120 s) for it would only slow the search down.
 */
export function probeReadyTimeoutMs(sloP99Ms: number): number {
  return Math.min(DEFAULT_READY_TIMEOUT_MS, Math.max(10_000, 10 * sloP99Ms) + FIRST_REQUEST_ALLOWANCE_MS);
}

async function run(ctx: BenchContext, params: CapacityParams): Promise<ScenarioResult> {
  const readyTimeoutMs = probeReadyTimeoutMs(params.sloP99Ms);
  const parameters: Record<string, unknown> = { ...params, readyTimeoutMs };
  const result = await startResult(ctx, 'capacity', parameters, {
    driver: 'node open loop (workspace-creation engine)',
  });
  const probes: ProbeResult[] = [];

  const outcome = await searchMaxRate(
    async (rate) => {
      ctx.progress.start(`capacity probe ${rate}/s`, params.probeCount);
      let probe: ProbeResult;
      try {
        probe = await probeCreationRate({
          target: ctx.target,
          rate,
          count: params.probeCount,
          readyTimeoutMs,
          signal: ctx.signal,
          onDone: (done) => ctx.progress.update(done),
        });
      } finally {
        ctx.progress.stop();
      }
      probes.push(probe);
      const { p99Ms } = probe.createToReady;
      ctx.progress.log(`probe ${rate}/s: p99 create→Ready ${p99Ms} ms, ${probe.errorCount} errors`);
      return { p99Ms, errors: probe.errorCount };
    },
    { ...params, signal: ctx.signal },
  ).catch((error: unknown) => {
    if (!ctx.signal.aborted) throw error;
    return undefined;
  });

  if (outcome) result.metric('maxSustainableRate', outcome.maxSustainableRate, 'workspaces/s', 'higher');
  result.series({
    name: 'p99 create→Ready vs rate',
    xLabel: 'workspaces per second (offered)',
    yLabel: 'p99 create→Ready (ms)',
    points: [...probes]
      .sort((a, b) => a.rate - b.rate)
      .map((p): [number, number] => [p.rate, p.createToReady.p99Ms]),
  });
  for (const probe of probes) {
    result.latency(`createToReady@${probe.rate}/s`, probe.createToReady);
    for (const [key, count] of Object.entries(probe.errors)) result.error(`${key} @${probe.rate}/s`, count);
  }
  parameters.probes = probes.map((probe) => ({
    rate: probe.rate,
    p99Ms: probe.createToReady.p99Ms,
    errors: probe.errorCount,
    ready: probe.ready,
    ...(probe.throughput !== undefined ? { achievedReadyPerSecond: probe.throughput } : {}),
    pass: outcome?.probes.find((record) => record.rate === probe.rate)?.pass,
  }));
  result.note(outcome?.conclusion ?? 'interrupted before the first probe finished');
  result.note(
    `a rate is sustainable when its probe of ${params.probeCount} workspaces, started open loop at that rate, has no errors and p99 create→Ready ≤ ${params.sloP99Ms} ms; create→Ready runs from each workspace's scheduled start to Ready seen on a watch of its parent`,
  );
  if (params.probeCount < 100) {
    result.note(`with ${params.probeCount} workspaces per probe, p99 is the slowest workspace of the probe`);
  }
  // A fixed count at a higher rate is a shorter probe: at the top of the ladder it may be a burst.
  result.note(
    `a probe lasts --probe-count / rate seconds (${params.probeCount / params.maxRate} s at ${params.maxRate}/s): raise --probe-count to hold high rates longer`,
  );
  result.note(
    `doubling ladder from ${params.startRate}/s up to ${params.maxRate}/s, then ${params.bisectSteps} bisection steps; every probe runs under its own bench parent, deleted and gone before the next`,
  );
  for (const probe of probes) result.note(`probe ${probe.rate}/s: ${probe.cleanUp}`);
  return result.finish(ctx.signal.aborted || outcome === undefined || outcome.interrupted);
}

export const capacity: Scenario<CapacityParams> = {
  name: 'capacity',
  description:
    'highest sustainable workspace creation rate (open loop) with p99 create→Ready within an SLO and no errors: doubling ladder, then bisection',
  run,
  needsWorkspaces: true,
};
