// api-throughput: requests per second and latency per API verb on ConfigMaps — GET (one object),
// LIST (a collection), UPDATE, PATCH (merge), APPLY (server-side apply), CREATE (a fresh name)
// and DELETE (what CREATE made) — each measured for `duration` seconds, spread round-robin
// over K units (workspaces, or namespaces on a target without them); --operations picks which
// (default GET, LIST, CREATE). Closed loop (autocannon, C connections flat out) finds the
// maximum throughput; with --rate it is open loop at that rate, latencies from scheduled start.
import { createRequire } from 'node:module';
import { startResult, type ResultBuilder } from '../framework/result-builder.js';
import type { ScenarioResult } from '../framework/result.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { unitWord } from '../framework/tenancy.js';
import { collectionOf, createBenchUnits } from './bench-units.js';
import { runClosedLoopPhase } from './closed-loop.js';
import { benchConnection } from './credentials.js';
import { unlessInterrupted } from './interrupted.js';
import { runOpenLoopPhase } from './open-loop.js';
import { randomSuffix } from '../../suites/framework/names.js';
import { APPLY_FIELD_MANAGER, LIST_SEED_COUNT } from './operations.js';
import type { ApiThroughputParams } from './params.js';
import type { PhaseOutcome } from './phase.js';
import { awaitListSize, seedUnits } from './seed.js';

const AUTOCANNON_VERSION = (createRequire(import.meta.url)('autocannon/package.json') as { version: string })
  .version;

async function runPhases(
  ctx: BenchContext,
  params: ApiThroughputParams,
  collections: string[],
): Promise<PhaseOutcome[]> {
  const connection = await benchConnection(ctx.target);
  const seconds = Math.ceil(params.duration);
  const outcomes: PhaseOutcome[] = [];
  const tag = randomSuffix();
  for (const operation of params.operations) {
    if (ctx.signal.aborted) break;
    ctx.progress.start(`api-throughput ${operation}`, seconds);
    const options = {
      server: ctx.target.server,
      connection,
      operation,
      collections,
      durationSec: params.duration,
      connections: params.connections,
      tag,
      ...(operation === 'delete' ? { maxRequests: createdCount(outcomes) } : {}),
      signal: ctx.signal,
      onTick: (elapsed: number) => ctx.progress.update(Math.min(elapsed, seconds)),
    };
    const outcome =
      params.rate === undefined
        ? await runClosedLoopPhase(options)
        : await runOpenLoopPhase({ ...options, rate: params.rate });
    ctx.progress.stop();
    // Requests still in flight when a closed-loop phase stops are sent but never answered: they
    // are neither successes nor failures.
    const unanswered = unansweredOf(outcome);
    const failed = outcome.sent - outcome.succeeded - unanswered;
    ctx.progress.log(
      `${operation}: ${(outcome.succeeded / outcome.durationSec).toFixed(1)} req/s, p99 ${outcome.latency.p99Ms} ms, ${failed} failed` +
        (unanswered > 0 ? `, ${unanswered} in flight at the stop` : ''),
    );
    outcomes.push(outcome);
  }
  return outcomes;
}

/** DELETE removes the objects CREATE sent (by sequence number), no more. */
function createdCount(outcomes: readonly PhaseOutcome[]): number {
  return outcomes.find((outcome) => outcome.operation === 'create')?.sent ?? 0;
}

/** Requests a closed-loop phase sent that were neither answered 2xx nor failed: in flight at its stop. */
function unansweredOf(outcome: PhaseOutcome): number {
  const failed = Object.values(outcome.errors).reduce((sum, n) => sum + n, 0);
  return Math.max(0, outcome.sent - outcome.succeeded - failed);
}

/**
 * DELETE also targets the CREATEs still in flight when that phase stopped, which the server may
 * never have carried out: up to that many 404s are expected, not errors.
 */
function expectedDeleteMisses(outcomes: readonly PhaseOutcome[]): number {
  const create = outcomes.find((outcome) => outcome.operation === 'create');
  return create ? unansweredOf(create) : 0;
}

function record(result: ResultBuilder, outcomes: PhaseOutcome[]): void {
  const excusable = expectedDeleteMisses(outcomes);
  for (const { operation, succeeded, durationSec, latency, errors: allErrors } of outcomes) {
    const errors = { ...allErrors };
    if (operation === 'delete' && (errors['404'] ?? 0) > 0 && errors['404']! <= excusable) {
      result.note(
        `delete: ${errors['404']} × 404 for ConfigMaps whose CREATE was still in flight when that phase stopped (${excusable} were), not counted as errors`,
      );
      delete errors['404'];
    }
    result.metric(
      `${operation}RequestsPerSecond`,
      durationSec > 0 ? succeeded / durationSec : 0,
      'req/s',
      'higher',
    );
    result.metric(`${operation}LatencyP50Ms`, latency.p50Ms, 'ms', 'lower');
    result.metric(`${operation}LatencyP99Ms`, latency.p99Ms, 'ms', 'lower');
    result.latency(operation, latency);
    for (const [code, count] of Object.entries(errors)) result.error(`${operation} ${code}`, count);
  }
}

function describeMode(params: ApiThroughputParams): string {
  return params.rate === undefined
    ? `closed loop: autocannon keeps ${params.connections} connections busy; latency runs from send to answer, so it is not corrected for coordinated omission (use --rate for that); autocannon does not verify the server certificate (it forces rejectUnauthorized: false), the set-up requests did`
    : `open loop at ${params.rate} req/s per operation over at most ${params.connections} connections; latency runs from each request's scheduled start, so a late send or a wait for a connection counts (coordinated omission corrected by our own driver, not autocannon: its overallRate paces in per-second bursts and its correction uses a 1 ms expected interval, back-filling synthetic samples)`;
}

async function run(ctx: BenchContext, params: ApiThroughputParams): Promise<ScenarioResult> {
  const openLoop = params.rate !== undefined;
  const parameters: Record<string, unknown> = {
    ...params,
    mode: openLoop ? 'open-loop' : 'closed-loop',
    operations: [...params.operations],
    listSize: LIST_SEED_COUNT + 1,
  };
  const result = await startResult(ctx, 'api-throughput', parameters, {
    driver: openLoop ? 'node open loop (node:https keep-alive agent)' : `autocannon ${AUTOCANNON_VERSION}`,
  });
  const units = unitWord(ctx.tenancy.mode);
  const notes: string[] = [
    describeMode(params),
    `each operation runs ${params.duration} s, one after the other (${params.operations.join(', ')}); req/s and latencies count 2xx answers only`,
    `GET reads one ConfigMap, LIST a namespace of ${LIST_SEED_COUNT} seeded ConfigMaps plus kube-root-ca.crt, UPDATE (PUT without resourceVersion) and PATCH (merge patch) rewrite the seeded ConfigMaps in turn, APPLY server-side applies ConfigMaps of its own (fieldManager ${APPLY_FIELD_MANAGER}, force), CREATE posts ConfigMaps with fresh names and DELETE deletes exactly those (at most as many requests as CREATE sent); round-robin over ${params.workspaces} ${units}`,
  ];
  let outcomes: PhaseOutcome[] = [];
  const bench = await unlessInterrupted(ctx.signal, notes, `creating ${units}`, () =>
    createBenchUnits(ctx, params.workspaces),
  );
  if (bench) {
    // The units' location is named afresh every run, so it is a note, not a parameter: `compare`
    // would otherwise report a changed parameter between any two runs.
    notes.push(`units: ${bench.location}`);
    try {
      const collections = bench.units.map(collectionOf);
      outcomes =
        (await unlessInterrupted(ctx.signal, notes, 'measuring', async () => {
          await seedUnits(bench.units, ctx.signal);
          const listed = await awaitListSize(bench.units, ctx.signal);
          if (listed.note !== undefined) {
            notes.push(listed.note);
            parameters.listSize = listed.min === listed.max ? listed.min : [listed.min, listed.max];
          }
          return runPhases(ctx, params, collections);
        })) ?? [];
    } finally {
      notes.push(await bench.remove());
    }
  }
  parameters.sent = Object.fromEntries(outcomes.map((outcome) => [outcome.operation, outcome.sent]));
  record(result, outcomes);
  for (const line of notes) result.note(line);
  const complete =
    outcomes.length === params.operations.length && !outcomes.some((outcome) => outcome.partial);
  // startResult copies `parameters` at finish, so what was added above is included.
  return result.finish(ctx.signal.aborted || !complete);
}

export const apiThroughput: Scenario<ApiThroughputParams> = {
  name: 'api-throughput',
  description:
    'req/s and latency per verb (GET, LIST, UPDATE, PATCH, APPLY, CREATE, DELETE) of ConfigMaps spread over K workspaces (namespaces on plain Kubernetes): closed-loop max throughput (autocannon) or open loop at --rate',
  run,
};
