// Part a's measurements as result figures: per measurement req/s, client-side p50/p99 and the
// server's own authorizer time; then the difference between the largest and the smallest
// RoleBinding count, which is what the bindings cost (identity and workspace otherwise alike).
import type { ResultBuilder } from '../framework/result-builder.js';
import { histogramQuantile } from './prometheus-text.js';
import type { OverheadMeasurement, OverheadRun } from './overhead.js';

const US = 1e6;
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

interface Figures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  authorizerMeanUs?: number;
  authorizerP50Us?: number;
  authorizerP99Us?: number;
}

function figures({ outcome, authorizer }: OverheadMeasurement): Figures {
  const result: Figures = {
    requestsPerSecond: outcome.durationSec > 0 ? outcome.succeeded / outcome.durationSec : 0,
    latencyP50Ms: outcome.latency.p50Ms,
    latencyP99Ms: outcome.latency.p99Ms,
  };
  if (authorizer && authorizer.count > 0) {
    result.authorizerMeanUs = round((authorizer.sum / authorizer.count) * US);
    const p50 = histogramQuantile(0.5, authorizer);
    const p99 = histogramQuantile(0.99, authorizer);
    if (p50 !== undefined) result.authorizerP50Us = round(p50 * US);
    if (p99 !== undefined) result.authorizerP99Us = round(p99 * US);
  }
  return result;
}

const UNITS: Record<keyof Figures, [unit: string, better: 'lower' | 'higher']> = {
  requestsPerSecond: ['req/s', 'higher'],
  latencyP50Ms: ['ms', 'lower'],
  latencyP99Ms: ['ms', 'lower'],
  authorizerMeanUs: ['µs', 'lower'],
  authorizerP50Us: ['µs', 'lower'],
  authorizerP99Us: ['µs', 'lower'],
};

function metrics(result: ResultBuilder, prefix: string, values: Figures): void {
  for (const [name, value] of Object.entries(values) as [keyof Figures, number | undefined][]) {
    if (value === undefined) continue;
    const [unit, better] = UNITS[name];
    result.metric(`${prefix}.${name}`, round(value), unit, better);
  }
}

export function recordOverhead(result: ResultBuilder, run: OverheadRun): void {
  if (run.impersonationProblem) result.error('impersonation refused');
  const byKey = new Map<string, Figures>();
  for (const measurement of run.measurements) {
    const values = figures(measurement);
    byKey.set(measurement.key, values);
    metrics(result, measurement.key, values);
    result.latency(`get as ${measurement.key}`, measurement.outcome.latency);
    for (const [code, count] of Object.entries(measurement.outcome.errors))
      result.error(`${measurement.key} ${code}`, count);
    if (measurement.authorizer) {
      result.note(
        `${measurement.key}: ${measurement.outcome.succeeded} GETs answered 2xx of ${measurement.outcome.sent} sent; ` +
          `the server authorized ${measurement.authorizer.count} requests in that window`,
      );
    }
  }
  const users = run.measurements.filter((measurement) => measurement.identity === 'impersonated');
  const least = users[0];
  const most = users[users.length - 1];
  if (users.length >= 2 && least && most) {
    const low = byKey.get(least.key)!;
    const high = byKey.get(most.key)!;
    const difference: Figures = {
      requestsPerSecond: high.requestsPerSecond - low.requestsPerSecond,
      latencyP50Ms: high.latencyP50Ms - low.latencyP50Ms,
      latencyP99Ms: high.latencyP99Ms - low.latencyP99Ms,
    };
    for (const key of ['authorizerMeanUs', 'authorizerP50Us', 'authorizerP99Us'] as const) {
      const [a, b] = [low[key], high[key]];
      if (a !== undefined && b !== undefined) difference[key] = b - a;
    }
    const prefix = `bindings${most.bindings}MinusBindings${least.bindings}`;
    metrics(result, prefix, difference);
    result.note(
      `${prefix}.*: the measured user's figures with ${most.bindings} other RoleBindings in the namespace minus those with ${least.bindings} (same request, same identity); negative latency means no measurable cost`,
    );
    const point = (measurement: OverheadMeasurement, value: number | undefined): [number, number][] =>
      value === undefined ? [] : [[measurement.bindings, value]];
    result.series({
      name: 'GET p50 vs other RoleBindings',
      xLabel: 'other RoleBindings in the namespace',
      yLabel: 'p50 latency (ms)',
      points: users.flatMap((measurement) => point(measurement, byKey.get(measurement.key)?.latencyP50Ms)),
    });
    const authorizer = users.flatMap((measurement) =>
      point(measurement, byKey.get(measurement.key)?.authorizerMeanUs),
    );
    if (authorizer.length > 0) {
      result.series({
        name: 'authorizer mean vs other RoleBindings',
        xLabel: 'other RoleBindings in the namespace',
        yLabel: 'mean time in the authorizer (µs)',
        points: authorizer,
      });
    }
  }
}
