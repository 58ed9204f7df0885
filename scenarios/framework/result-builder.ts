// Collects one ScenarioResult while a scenario runs: the start time, environment and target are
// taken when the run starts (the target may be gone by the end of an interrupted run), the
// numbers as they come, and finish() stamps the end and adds the tenancy and why, last.
import { describeTarget } from './bench-target.js';
import { collectEnvironment } from './environment.js';
import {
  resultApiVersion,
  type LatencySummary,
  type Metric,
  type ScenarioName,
  type ScenarioResult,
  type Series,
} from './result.js';
import type { BenchContext } from './scenario.js';

export interface ResultBuilder {
  metric(name: string, value: number, unit: string, better: Metric['better']): void;
  latency(name: string, summary: LatencySummary): void;
  series(series: Series): void;
  /** Counts one error (or n) under an HTTP status code or a short reason. */
  error(key: string, n?: number): void;
  note(line: string): void;
  /** Errors so far, by key. */
  readonly errors: Readonly<Record<string, number>>;
  finish(partial: boolean): ScenarioResult;
}

export interface StartResultOptions {
  /** Which load driver makes the numbers (EnvironmentInfo.driver); default "node". */
  driver?: string;
}

export async function startResult(
  ctx: BenchContext,
  scenario: ScenarioName,
  parameters: Record<string, unknown>,
  options: StartResultOptions = {},
): Promise<ResultBuilder> {
  const startedAt = new Date().toISOString();
  const [environment, target] = await Promise.all([
    collectEnvironment(options.driver),
    describeTarget(ctx.target, ctx.signal),
  ]);
  const metrics: Metric[] = [];
  const latencies: Record<string, LatencySummary> = {};
  const series: Series[] = [];
  const errors: Record<string, number> = {};
  const notes: string[] = [];
  return {
    metric: (name, value, unit, better) => void metrics.push({ name, value, unit, better }),
    latency: (name, summary) => void (latencies[name] = summary),
    series: (entry) => void series.push(entry),
    error: (key, n = 1) => void (errors[key] = (errors[key] ?? 0) + n),
    note: (line) => void notes.push(line),
    errors,
    finish: (partial) => ({
      apiVersion: resultApiVersion,
      kind: 'ScenarioResult',
      scenario,
      label: ctx.label,
      startedAt,
      finishedAt: new Date().toISOString(),
      partial,
      parameters: { ...parameters },
      target,
      tenancy: ctx.tenancy.mode,
      environment,
      metrics: [...metrics],
      latencies: { ...latencies },
      series: [...series],
      errors: { ...errors },
      notes: [...notes, `tenancy: ${ctx.tenancy.reason}`],
    }),
  };
}
