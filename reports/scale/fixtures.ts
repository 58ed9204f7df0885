// TEST DATA. Synthetic ScenarioResults for the unit tests and the sample report: invented numbers
// in the shape of real runs, computed from formulas (no randomness, so tests are repeatable).
// They are not measurements: never quote them, and never copy them into reports/baselines/.
import {
  resultApiVersion,
  type LatencySummary,
  type ScenarioName,
  type ScenarioResult,
} from '../../scenarios/framework/result.js';

/** A label with every character HTML and Markdown treat specially. */
export const HOSTILE_LABEL = `<b>"kcp" & 'co'</b> | *x* [y]`;

export interface FixtureOptions {
  label?: string;
  /** Multiplies every latency and divides every rate: 2 is a run twice as slow. */
  slowdown?: number;
  partial?: boolean;
}

/** Latency at quantile q of a log-logistic distribution with median p50: long-tailed like real ones. */
const quantile = (p50: number, q: number): number => p50 * Math.exp(0.6 * Math.log(q / (1 - q)));

export function syntheticLatency(p50: number, count = 200): LatencySummary {
  const cdf: [number, number][] = [];
  for (let i = 1; i < 50; i += 1) cdf.push([quantile(p50, i / 50), i / 50]);
  cdf.push([quantile(p50, 0.999), 1]);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    count,
    minMs: round(quantile(p50, 0.001)),
    meanMs: round(p50 * 1.3),
    p50Ms: round(p50),
    p90Ms: round(quantile(p50, 0.9)),
    p99Ms: round(quantile(p50, 0.99)),
    maxMs: round(quantile(p50, 0.999)),
    cdf: cdf.map(([ms, fraction]) => [round(ms), fraction]),
  };
}

function base(scenario: ScenarioName, label: string, partial: boolean): ScenarioResult {
  return {
    apiVersion: resultApiVersion,
    kind: 'ScenarioResult',
    scenario,
    label,
    startedAt: '2026-01-02T03:04:05.000Z',
    finishedAt: '2026-01-02T03:05:35.500Z',
    partial,
    parameters: {},
    target: {
      kind: 'reference',
      describe: 'reference server (pid 4242) in /tmp/kh-fixture',
      server: 'https://127.0.0.1:6443',
      version: 'v0.1.0-fixture',
    },
    environment: {
      hostname: 'fixture-host',
      platform: 'linux',
      arch: 'x64',
      cpus: 8,
      cpuModel: 'Synthetic CPU @ 3.0GHz',
      memoryBytes: 16 * 1024 ** 3,
      node: 'v20.20.2',
      harnessVersion: '0.1.0',
      harnessCommit: '0123456789ab',
      driver: 'node',
    },
    metrics: [],
    latencies: {},
    series: [],
    errors: {},
    notes: ['Synthetic test data (reports/scale/fixtures.ts), not a measurement.'],
  };
}

export function workspaceCreationFixture(options: FixtureOptions = {}): ScenarioResult {
  const { label = 'reference-sqlite', slowdown = 1, partial = false } = options;
  const ready = syntheticLatency(40 * slowdown);
  const firstRequest = syntheticLatency(55 * slowdown);
  return {
    ...base('workspace-creation', label, partial),
    parameters: { count: 200, concurrency: 10, depth: 1, fanout: 200 },
    metrics: [
      { name: 'create-to-ready-p50', value: ready.p50Ms, unit: 'ms', better: 'lower' },
      { name: 'create-to-ready-p99', value: ready.p99Ms, unit: 'ms', better: 'lower' },
      { name: 'create-to-first-request-p99', value: firstRequest.p99Ms, unit: 'ms', better: 'lower' },
      { name: 'workspaces-per-second', value: 180 / slowdown, unit: 'workspaces/s', better: 'higher' },
    ],
    latencies: { 'create→Ready': ready, 'create→first request': firstRequest },
    series: [
      {
        name: 'create→Ready p99 vs workspaces',
        xLabel: 'workspaces created',
        yLabel: 'p99 create→Ready (ms)',
        points: [50, 100, 150, 200].map((n) => [n, Math.round((150 + n / 4) * slowdown)]),
      },
    ],
    errors: slowdown > 1 ? { '429': 3, timeout: 1 } : {},
    notes: [
      ...base('workspace-creation', label, partial).notes,
      'Ready is observed by a watch on the parent workspace, not by polling.',
    ],
  };
}

export function memoryFixture(options: FixtureOptions = {}): ScenarioResult {
  const { label = 'reference-sqlite', slowdown = 1, partial = false } = options;
  const perWorkspace = 48 * 1024 * slowdown;
  const steps = [0, 100, 200, 400, 800];
  return {
    ...base('memory-per-workspace', label, partial),
    parameters: { steps, settle: { windowSeconds: 5, maxChangePercent: 1 } },
    metrics: [
      { name: 'bytes-per-workspace', value: perWorkspace, unit: 'bytes', better: 'lower' },
      { name: 'rss-at-0', value: 90 * 1024 ** 2, unit: 'bytes', better: 'lower' },
      { name: 'fit-r-squared', value: 0.998, unit: '', better: 'higher' },
    ],
    series: [
      {
        name: 'RSS vs workspaces',
        xLabel: 'workspaces',
        yLabel: 'RSS (MiB)',
        points: steps.map((n) => [n, Math.round((90 + (n * perWorkspace) / 1024 ** 2) * 10) / 10]),
      },
    ],
    notes: [
      ...base('memory-per-workspace', label, partial).notes,
      'Settled when RSS changed by less than 1% over 5 s.',
      'Least-squares fit: R² = 0.998.',
    ],
  };
}

export function apiThroughputFixture(options: FixtureOptions = {}): ScenarioResult {
  const { label = 'reference-sqlite', slowdown = 1, partial = false } = options;
  const operations = { GET: 2, LIST: 6, CREATE: 9 };
  return {
    ...base('api-throughput', label, partial),
    parameters: { connections: 32, durationSeconds: 20, workspaces: 50, rate: null },
    metrics: Object.entries(operations).flatMap(([operation, ms]) => [
      {
        name: `${operation} req/s`,
        value: Math.round(16000 / ms / slowdown),
        unit: 'req/s',
        better: 'higher',
      },
      {
        name: `${operation} p99`,
        value: syntheticLatency(ms * slowdown).p99Ms,
        unit: 'ms',
        better: 'lower',
      },
    ]) as ScenarioResult['metrics'],
    latencies: Object.fromEntries(
      Object.entries(operations).map(([operation, ms]) => [
        operation,
        syntheticLatency(ms * slowdown, 20000),
      ]),
    ),
    environment: { ...base('api-throughput', label, partial).environment, driver: 'autocannon 8.0.0' },
  };
}

/** One of each fixture scenario for one label. */
export const fixtureRun = (options: FixtureOptions = {}): ScenarioResult[] => [
  workspaceCreationFixture(options),
  memoryFixture(options),
  apiThroughputFixture(options),
];

/** A copy of `result` with one metric's value replaced (a doctored run). */
export function withMetric(result: ScenarioResult, name: string, value: number): ScenarioResult {
  return {
    ...result,
    metrics: result.metrics.map((metric) => (metric.name === name ? { ...metric, value } : metric)),
  };
}
