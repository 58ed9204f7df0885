// Part a: what authorization adds to a request. One unit (a workspace, or a namespace on a
// target without workspaces) per RoleBinding count N, each seeded by rbac-seed.ts; autocannon
// then GETs the one ConfigMap flat out for `duration` seconds (api-throughput's closed loop), as
// the measured user (Impersonate-User from the kubeconfig's identity) in every unit, and once
// as the kubeconfig's identity itself for a baseline.
// Around every measurement the target's /metrics is scraped, and the difference of the
// authorizer histogram is what the server itself spent deciding.
import type { Connection } from '../../suites/framework/http/connection.js';
import { uniqueName } from '../../suites/framework/names.js';
import { IMPERSONATE_USER } from '../../suites/framework/users/test-users.js';
import type { BenchContext } from '../framework/scenario.js';
import { collectionOf, createBenchUnits, type BenchUnit } from '../api-throughput/bench-units.js';
import { unitWord } from '../framework/tenancy.js';
import { runClosedLoopPhase } from '../api-throughput/closed-loop.js';
import { benchConnection } from '../api-throughput/credentials.js';
import { unlessInterrupted } from '../api-throughput/interrupted.js';
import type { PhaseOutcome } from '../api-throughput/phase.js';
import type { AuthorizationParams } from './params.js';
import { histogramDelta, type HistogramSnapshot } from './prometheus-text.js';
import {
  ACCESS_ROLE,
  grantWorkspaceAccess,
  impersonationProblem,
  MEASURED_USER,
  seedUnit,
  waitUntilUserMayRead,
} from './rbac-seed.js';
import { figuresOf, scrapeServer, type Scrape } from './server-metrics.js';

/**
 * Seconds of unrecorded load on every planned measurement before the first is recorded (JIT,
 * connection set-up, cold caches), so that the one measured first is not the one measured coldest.
 */
export const WARMUP_SECONDS = 2;

export interface OverheadMeasurement {
  /** Metric prefix: `kubeconfigIdentity` or `bindings<N>`. */
  key: string;
  identity: 'kubeconfig' | 'impersonated';
  /** Other users' RoleBindings in the unit measured. */
  bindings: number;
  outcome: PhaseOutcome;
  /** Authorizer histogram difference over the measurement, when the target exposes it. */
  authorizer?: HistogramSnapshot;
}

export interface OverheadRun {
  measurements: OverheadMeasurement[];
  /** Whether every planned measurement ran to its end. */
  complete: boolean;
  /** Why the user could not be impersonated (then only the kubeconfig identity was measured). */
  impersonationProblem?: string;
  notes: string[];
}

interface Planned {
  key: string;
  identity: OverheadMeasurement['identity'];
  bindings: number;
  unit: BenchUnit;
}

function plan(params: AuthorizationParams, units: BenchUnit[], impersonation: boolean): Planned[] {
  const first = units[0];
  if (!first) return [];
  const baseline: Planned = {
    key: 'kubeconfigIdentity',
    identity: 'kubeconfig',
    bindings: params.bindings[0] ?? 0,
    unit: first,
  };
  if (!impersonation) return [baseline];
  return [
    baseline,
    ...params.bindings.map((bindings, index) => ({
      key: `bindings${bindings}`,
      identity: 'impersonated' as const,
      bindings,
      unit: units[index] ?? first,
    })),
  ];
}

/**
 * Seeds every unit. The measured user is let into each workspace unit, or once into the
 * workspace holding the namespace units (a kcp target asked for --tenancy namespaces: root,
 * where the grant outlives the run and is deleted by `cleanUp`). On plain Kubernetes there is no
 * workspace to enter.
 */
async function seedAll(
  ctx: BenchContext,
  params: AuthorizationParams,
  units: BenchUnit[],
  cleanUp: string[],
): Promise<void> {
  if (ctx.tenancy.mode === 'namespaces' && ctx.target.workspaces.served)
    cleanUp.push(
      ...(await grantWorkspaceAccess(ctx.target.namespaceHost, uniqueName(ACCESS_ROLE), ctx.signal)),
    );
  for (const [index, unit] of units.entries()) {
    const bindings = params.bindings[index] ?? 0;
    if (ctx.tenancy.mode === 'workspaces') await grantWorkspaceAccess(unit.client, ACCESS_ROLE, ctx.signal);
    ctx.progress.start(`RoleBindings in ${unit.describe}`, bindings);
    try {
      await seedUnit(unit, bindings, {
        signal: ctx.signal,
        onBinding: (done) => ctx.progress.update(done),
      });
    } finally {
      ctx.progress.stop();
    }
  }
}

async function measureOne(
  ctx: BenchContext,
  params: AuthorizationParams,
  connection: Connection,
  planned: Planned,
  durationSec: number,
): Promise<{ outcome: PhaseOutcome; before: Scrape; after: Scrape }> {
  const server = ctx.target.root.at(ctx.target.server);
  const seconds = Math.ceil(durationSec);
  const headers =
    planned.identity === 'impersonated'
      ? { ...connection.headers, [IMPERSONATE_USER]: MEASURED_USER }
      : connection.headers;
  const before = await scrapeServer(server, ctx.signal);
  ctx.progress.start(`GET as ${planned.key}`, seconds);
  let outcome: PhaseOutcome;
  try {
    outcome = await runClosedLoopPhase({
      server: ctx.target.server,
      connection: { ...connection, headers },
      operation: 'get',
      collections: [collectionOf(planned.unit)],
      durationSec,
      connections: params.connections,
      tag: 'authz',
      signal: ctx.signal,
      onTick: (elapsed) => ctx.progress.update(Math.min(elapsed, seconds)),
    });
  } finally {
    ctx.progress.stop();
  }
  const after = await scrapeServer(server, ctx.signal);
  return { outcome, before, after };
}

export async function measureOverhead(ctx: BenchContext, params: AuthorizationParams): Promise<OverheadRun> {
  const notes: string[] = [];
  const measurements: OverheadMeasurement[] = [];
  const bench = await unlessInterrupted(
    ctx.signal,
    notes,
    `creating the overhead ${unitWord(ctx.tenancy.mode)}`,
    () => createBenchUnits(ctx, params.bindings.length, params.readyTimeoutMs),
  );
  if (!bench) return { measurements, complete: false, notes };
  notes.push(`units: ${bench.location}`);
  let planned: Planned[] = [];
  let impersonation: string | undefined;
  const cleanUp: string[] = [];
  try {
    await unlessInterrupted(ctx.signal, notes, 'measuring authorization overhead', async () => {
      await seedAll(ctx, params, bench.units, cleanUp);
      const wait = { signal: ctx.signal, timeoutMs: params.readyTimeoutMs };
      const first = bench.units[0];
      const problem = first ? await impersonationProblem(first.client, wait) : 'no unit';
      impersonation = problem;
      if (problem) {
        notes.push(
          `the target does not impersonate for the kubeconfig's identity (${problem}): only the kubeconfig identity was measured, per-binding overhead not`,
        );
      } else {
        for (const unit of bench.units) await waitUntilUserMayRead(unit, wait);
      }
      planned = plan(params, bench.units, problem === undefined);
      const connection = await benchConnection(ctx.target);
      for (const warmup of planned)
        await measureOne(ctx, params, connection, warmup, Math.min(WARMUP_SECONDS, params.duration));
      let authorizerMissing: string | undefined;
      for (const next of planned) {
        if (ctx.signal.aborted) break;
        const { outcome, before, after } = await measureOne(ctx, params, connection, next, params.duration);
        const [from, to] = [figuresOf(before).authorization, figuresOf(after).authorization];
        if (!from || !to)
          authorizerMissing ??= 'unavailable' in after ? after.unavailable : 'not in its exposition';
        const measurement: OverheadMeasurement = {
          key: next.key,
          identity: next.identity,
          bindings: next.bindings,
          outcome,
          ...(from && to ? { authorizer: histogramDelta(from, to) } : {}),
        };
        measurements.push(measurement);
        ctx.progress.log(
          `${next.key} (${next.identity}, ${next.bindings} other RoleBindings): ` +
            `${(outcome.succeeded / outcome.durationSec).toFixed(0)} req/s, p50 ${outcome.latency.p50Ms} ms, p99 ${outcome.latency.p99Ms} ms` +
            (measurement.authorizer && measurement.authorizer.count > 0
              ? `, authorizer mean ${((measurement.authorizer.sum / measurement.authorizer.count) * 1e6).toFixed(1)} µs`
              : ''),
        );
      }
      notes.push(
        authorizerMissing === undefined
          ? `server-side authorizer time: difference of ${ctx.target.server}/metrics kcp_harness_authorization_duration_seconds around each measurement (its count also includes the closing scrape's own authorization); quantiles interpolated within its buckets`
          : `server-side authorizer time not measured: the target's /metrics has no kcp_harness_authorization_duration_seconds (${authorizerMissing}); only client-side latency is reported`,
      );
    });
  } finally {
    notes.push(await bench.remove());
    for (const path of cleanUp) {
      const status = await ctx.target.namespaceHost
        .delete(path, { timeoutMs: 10_000 })
        .then((response) => String(response.status))
        .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      notes.push(`DELETE ${path} in ${ctx.target.namespaceHost.baseUrl}: ${status}`);
    }
  }
  const complete =
    planned.length > 0 &&
    measurements.length === planned.length &&
    !measurements.some((measurement) => measurement.outcome.partial);
  return { measurements, complete, notes, ...(impersonation ? { impersonationProblem: impersonation } : {}) };
}
