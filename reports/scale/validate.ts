// Checks that a parsed JSON value has the ScenarioResult shape before any renderer or gate reads
// it. Results come from our drivers, from k6's handleSummary and from people's hands, so every
// field is checked and every problem is named by its path (`metrics[2].value`), not thrown.
import { resultApiVersion, TENANCIES, type ScenarioName } from '../../scenarios/framework/result.js';

// A record rather than an array so that the compiler fails here when ScenarioName grows.
const SCENARIOS = {
  'workspace-creation': true,
  'memory-per-workspace': true,
  'api-throughput': true,
  'watch-latency': true,
  capacity: true,
  authorization: true,
  'crd-footprint': true,
  'api-binding': true,
  'virtual-workspace': true,
  'bad-input': true,
} satisfies Record<ScenarioName, true>;

/** Every scenario name, in the order reports list them. */
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a parsed JSON document claims to be a ScenarioResult (then it must be a valid one). */
export const claimsScenarioResult = (value: unknown): boolean =>
  isFields(value) && value.kind === 'ScenarioResult';

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

const key = (path: string, name: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;

/** Collects problems while walking one document. */
class Checker {
  readonly problems: string[] = [];

  expected(path: string, what: string, got: unknown): void {
    this.problems.push(`${path}: expected ${what}, got ${shown(got)}`);
  }

  string(value: unknown, path: string): void {
    if (typeof value !== 'string') this.expected(path, 'a string', value);
  }

  optionalString(value: unknown, path: string): void {
    if (value !== undefined) this.string(value, path);
  }

  number(value: unknown, path: string): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.expected(path, 'a finite number', value);
  }

  date(value: unknown, path: string): void {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
      this.expected(path, 'an ISO date string', value);
  }

  fields(value: unknown, path: string): Fields | undefined {
    if (isFields(value)) return value;
    this.expected(path, 'an object', value);
    return undefined;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.expected(path, 'an array', value);
    return undefined;
  }

  /** [x, y] pairs of finite numbers; `fractionY` also requires 0 ≤ y ≤ 1 (CDF points). */
  pairs(value: unknown, path: string, fractionY = false): void {
    this.array(value, path)?.forEach((pair, index) => {
      const at = `${path}[${index}]`;
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        !pair.every((n) => typeof n === 'number' && Number.isFinite(n))
      ) {
        this.expected(at, 'a pair of finite numbers [x, y]', pair);
      } else if (fractionY && ((pair[1] as number) < 0 || (pair[1] as number) > 1)) {
        this.expected(`${at}[1]`, 'a fraction between 0 and 1', pair[1]);
      }
    });
  }
}

function checkTarget(c: Checker, value: unknown): void {
  const target = c.fields(value, 'target');
  if (!target) return;
  for (const name of ['kind', 'describe', 'server']) c.string(target[name], `target.${name}`);
  c.optionalString(target.version, 'target.version');
}

function checkEnvironment(c: Checker, value: unknown): void {
  const env = c.fields(value, 'environment');
  if (!env) return;
  for (const name of ['hostname', 'platform', 'arch', 'cpuModel', 'node', 'harnessVersion', 'driver'])
    c.string(env[name], `environment.${name}`);
  for (const name of ['cpus', 'memoryBytes']) c.number(env[name], `environment.${name}`);
  c.optionalString(env.harnessCommit, 'environment.harnessCommit');
}

function checkMetrics(c: Checker, value: unknown): void {
  const seen = new Set<string>();
  c.array(value, 'metrics')?.forEach((item, index) => {
    const path = `metrics[${index}]`;
    const metric = c.fields(item, path);
    if (!metric) return;
    c.string(metric.name, `${path}.name`);
    c.number(metric.value, `${path}.value`);
    c.string(metric.unit, `${path}.unit`);
    if (metric.better !== 'lower' && metric.better !== 'higher')
      c.expected(`${path}.better`, '"lower" or "higher"', metric.better);
    // Comparisons key metrics by name; two with one name would make a gate pick one at random.
    if (typeof metric.name === 'string') {
      if (seen.has(metric.name)) c.problems.push(`${path}.name: duplicate metric "${metric.name}"`);
      seen.add(metric.name);
    }
  });
}

function checkLatencies(c: Checker, value: unknown): void {
  const latencies = c.fields(value, 'latencies');
  if (!latencies) return;
  for (const [name, item] of Object.entries(latencies)) {
    const path = key('latencies', name);
    const summary = c.fields(item, path);
    if (!summary) continue;
    for (const field of ['count', 'minMs', 'meanMs', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs'])
      c.number(summary[field], `${path}.${field}`);
    c.optionalString(summary.hdrBase64, `${path}.hdrBase64`);
    if (summary.cdf !== undefined) c.pairs(summary.cdf, `${path}.cdf`, true);
  }
}

function checkSeries(c: Checker, value: unknown): void {
  c.array(value, 'series')?.forEach((item, index) => {
    const path = `series[${index}]`;
    const series = c.fields(item, path);
    if (!series) return;
    for (const field of ['name', 'xLabel', 'yLabel']) c.string(series[field], `${path}.${field}`);
    c.pairs(series.points, `${path}.points`);
  });
}

/** Every problem with the shape of a ScenarioResult; empty when it is one. */
export function resultProblems(value: unknown): string[] {
  const c = new Checker();
  if (!isFields(value)) {
    c.expected('(document)', 'a JSON object', value);
    return c.problems;
  }
  if (value.apiVersion !== resultApiVersion)
    c.expected('apiVersion', JSON.stringify(resultApiVersion), value.apiVersion);
  if (value.kind !== 'ScenarioResult') c.expected('kind', '"ScenarioResult"', value.kind);
  if (typeof value.scenario !== 'string' || !(value.scenario in SCENARIOS))
    c.expected('scenario', `one of ${SCENARIO_NAMES.join(', ')}`, value.scenario);
  c.string(value.label, 'label');
  c.date(value.startedAt, 'startedAt');
  c.date(value.finishedAt, 'finishedAt');
  if (typeof value.partial !== 'boolean') c.expected('partial', 'true or false', value.partial);
  c.fields(value.parameters, 'parameters');
  checkTarget(c, value.target);
  // Optional: results from before the field (and k6's) ran in workspaces and leave it out.
  if (value.tenancy !== undefined && !(TENANCIES as readonly unknown[]).includes(value.tenancy))
    c.expected('tenancy', TENANCIES.map((name) => JSON.stringify(name)).join(' or '), value.tenancy);
  checkEnvironment(c, value.environment);
  checkMetrics(c, value.metrics);
  checkLatencies(c, value.latencies);
  checkSeries(c, value.series);
  const errors = c.fields(value.errors, 'errors');
  for (const [name, count] of Object.entries(errors ?? {})) c.number(count, key('errors', name));
  c.array(value.notes, 'notes')?.forEach((note, index) => c.string(note, `notes[${index}]`));
  return c.problems;
}
