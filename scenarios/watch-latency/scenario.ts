// watch-latency: how long after a write is acknowledged its watch event reaches each watcher,
// and whether every event reaches every watcher exactly once. M watches over K units
// (workspaces, or namespaces on a target without them); a writer creates, updates and deletes
// ConfigMaps across the units at --rate.
import { createLatencyRecorder } from '../framework/histogram.js';
import { startResult, type ResultBuilder } from '../framework/result-builder.js';
import type { ScenarioResult, Tenancy } from '../framework/result.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { createBenchUnits, type BenchUnit } from '../api-throughput/bench-units.js';
import { unitWord } from '../framework/tenancy.js';
import { unlessInterrupted } from '../api-throughput/interrupted.js';
import { createEventLedger, type LedgerTally } from './event-ledger.js';
import type { WatchLatencyParams } from './params.js';
import { settle } from './settle.js';
import { openWatchers, watchersOfWorkspace } from './watchers.js';
import { planWrites } from './write-plan.js';
import { runWriter, type WriterOutcome } from './writer.js';

interface Measured {
  tally: LedgerTally;
  writer: WriterOutcome;
  watchErrors: Record<string, number>;
}

async function measure(
  ctx: BenchContext,
  params: WatchLatencyParams,
  workspaces: readonly BenchUnit[],
): Promise<Measured> {
  const indexOf = new Map(workspaces.map((workspace, index) => [workspace.name, index]));
  const watcherIds = workspaces.map((_, index) =>
    watchersOfWorkspace(index, params.watchers, workspaces.length),
  );
  const ledger = createEventLedger((name) => watcherIds[indexOf.get(name) ?? -1] ?? []);
  ctx.progress.start('watch-latency watchers', params.watchers);
  const watchers = await openWatchers(workspaces, params.watchers, ledger, ctx.signal, (opened) =>
    ctx.progress.update(opened),
  );
  ctx.progress.stop();
  try {
    ctx.progress.start('watch-latency writes', params.events);
    const writer = await runWriter(
      planWrites(params.events, workspaces.length),
      workspaces,
      params.rate,
      ledger,
      ctx.signal,
      (done) => ctx.progress.update(done),
    );
    ctx.progress.stop();
    await settle(() => ledger.outstanding(), params.settleSeconds * 1000, ctx.signal);
    return { tally: ledger.tally(), writer, watchErrors: watchers.errors };
  } finally {
    await watchers.stop();
  }
}

function record(
  result: ResultBuilder,
  params: WatchLatencyParams,
  { tally, writer, watchErrors }: Measured,
  tenancy: Tenancy,
): void {
  const recorder = createLatencyRecorder();
  for (const latency of tally.latenciesMs) recorder.record(latency);
  const summary = recorder.summary();
  result.latency('watch', summary);
  result.metric('watchLatencyP50Ms', summary.p50Ms, 'ms', 'lower');
  result.metric('watchLatencyP99Ms', summary.p99Ms, 'ms', 'lower');
  result.metric('watchLatencyMaxMs', summary.maxMs, 'ms', 'lower');
  result.metric('eventsLost', tally.lost, 'events', 'lower');
  result.metric('duplicateEvents', tally.duplicates, 'events', 'lower');
  for (const [key, count] of Object.entries({ ...writer.errors, ...watchErrors })) result.error(key, count);
  if (tally.unexpected > 0) result.error('unexpected events', tally.unexpected);

  const first = tally.writes[0]?.ackAt ?? 0;
  result.series({
    name: 'slowest watcher per write',
    xLabel: 'seconds since the first write',
    yLabel: 'watch latency (ms)',
    points: tally.writes.flatMap(({ ackAt, maxLatencyMs }): [number, number][] =>
      maxLatencyMs === undefined ? [] : [[(ackAt - first) / 1000, maxLatencyMs]],
    ),
  });

  result.note(
    tally.lost === 0
      ? `events lost: 0 of ${tally.expected} expected receipts (must be 0)`
      : `FAILED: ${tally.lost} of ${tally.expected} expected receipts never arrived within ${params.settleSeconds} s after the last write; events lost must be 0`,
  );
  result.note(
    `latency = receipt by the watcher − acknowledgement of the write; events matched by ${unitWord(tenancy, 1)} + name + resourceVersion (DELETED by ${unitWord(tenancy, 1)} + name: a DELETE answer does not carry the resourceVersion of the deletion)`,
  );
  result.note(
    `${tally.duplicates} duplicate receipts, ${tally.unexpected} receipts no acknowledged write explains, ${tally.early} events arrived before their write's answer (counted as 0 ms)`,
  );
  const writeRate = writer.acknowledged / Math.max(writer.durationSec, 1e-9);
  result.note(
    `${writer.acknowledged} of ${params.events} writes acknowledged in ${writer.durationSec.toFixed(2)} s (${writeRate.toFixed(1)} writes/s for a target of ${params.rate}); every watch starts from its own LIST's resourceVersion`,
  );
}

async function run(ctx: BenchContext, params: WatchLatencyParams): Promise<ScenarioResult> {
  const parameters: Record<string, unknown> = { ...params };
  const result = await startResult(ctx, 'watch-latency', parameters, {
    driver: 'node (framework watch client over node:https)',
  });
  const notes: string[] = [];
  const bench = await unlessInterrupted(ctx.signal, notes, `creating ${unitWord(ctx.tenancy.mode)}`, () =>
    createBenchUnits(ctx, params.workspaces),
  );
  let measured: Measured | undefined;
  if (bench) {
    // The units' location is named afresh every run, so it is a note, not a parameter: `compare`
    // would otherwise report a changed parameter between any two runs.
    notes.push(`units: ${bench.location}, one watched ConfigMap collection each`);
    try {
      measured = await unlessInterrupted(ctx.signal, notes, 'measuring', () =>
        measure(ctx, params, bench.units),
      );
    } finally {
      notes.push(await bench.remove());
    }
  }
  if (measured) {
    parameters.expectedReceipts = measured.tally.expected;
    parameters.receivedReceipts = measured.tally.received;
    record(result, params, measured, ctx.tenancy.mode);
  }
  for (const line of notes) result.note(line);
  // startResult copies `parameters` at finish, so what was added above is included.
  return result.finish(ctx.signal.aborted || measured === undefined);
}

export const watchLatency: Scenario<WatchLatencyParams> = {
  name: 'watch-latency',
  description:
    'latency from write acknowledgement to watch event over M watchers in K workspaces (namespaces on plain Kubernetes), with lost and duplicate events counted',
  run,
};
