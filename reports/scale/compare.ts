// The regression gate's judgement: each metric of each current result against the same metric of
// the baseline result of the same scenario. A pure function of the results, so CI, the command
// and the tests all get the same answer.
import {
  tenancyOf,
  type Metric,
  type ScenarioName,
  type ScenarioResult,
} from '../../scenarios/framework/result.js';

/**
 * ok: within the allowance; improved: better by more than the allowance (refresh the baseline?);
 * regression: worse by more than the allowance; missing: in the baseline, not in the current run;
 * new: in the current run only; incomparable: units or directions disagree.
 */
export type MetricStatus = 'ok' | 'improved' | 'regression' | 'missing' | 'new' | 'incomparable';

export interface MetricComparison {
  scenario: ScenarioName;
  /** The current run's label. */
  label: string;
  metric: string;
  unit: string;
  better: Metric['better'];
  baseline?: number;
  current?: number;
  /** current / baseline (Infinity when only the baseline is 0). */
  ratio?: number;
  /** How much worse current is, as a fraction of the baseline: > 0 worse, < 0 better. */
  worseBy?: number;
  status: MetricStatus;
  /** Why a metric could not be compared. */
  reason?: string;
}

/** pass: nothing regressed and everything was compared; incomplete: nothing regressed, but something could not be compared. */
export type Verdict = 'pass' | 'regression' | 'incomplete';

export interface Comparison {
  maxRegression: number;
  metrics: MetricComparison[];
  /** Problems above the level of one metric: a scenario without a baseline, a partial run, ... */
  issues: string[];
  regressions: number;
  verdict: Verdict;
}

/** current / reference, with 0 / 0 = 1 and x / 0 = Infinity. */
export function ratioOf(current: number, reference: number): number {
  if (reference === 0) return current === 0 ? 1 : Infinity;
  return current / reference;
}

function compareMetric(
  scenario: ScenarioName,
  label: string,
  baseline: Metric,
  current: Metric,
  maxRegression: number,
): MetricComparison {
  const common = { scenario, label, metric: current.name, unit: current.unit, better: current.better };
  const values = { baseline: baseline.value, current: current.value };
  if (baseline.unit !== current.unit)
    return {
      ...common,
      ...values,
      status: 'incomparable',
      reason: `unit changed from "${baseline.unit}" to "${current.unit}"`,
    };
  if (baseline.better !== current.better)
    return {
      ...common,
      ...values,
      status: 'incomparable',
      reason: `direction changed from ${baseline.better}-is-better to ${current.better}-is-better`,
    };
  const ratio = ratioOf(current.value, baseline.value);
  // The gate's rule, as stated: the allowance is a fraction of the baseline in the bad direction.
  const regressed =
    current.better === 'lower'
      ? current.value > baseline.value * (1 + maxRegression)
      : current.value < baseline.value * (1 - maxRegression);
  const improved =
    current.better === 'lower'
      ? current.value < baseline.value * (1 - maxRegression)
      : current.value > baseline.value * (1 + maxRegression);
  const worseBy = current.better === 'lower' ? ratio - 1 : 1 - ratio;
  return {
    ...common,
    ...values,
    ratio,
    worseBy,
    status: regressed ? 'regression' : improved ? 'improved' : 'ok',
  };
}

function compareRun(
  baseline: ScenarioResult,
  current: ScenarioResult,
  maxRegression: number,
): MetricComparison[] {
  const { scenario, label } = current;
  const rows: MetricComparison[] = [];
  for (const metric of baseline.metrics) {
    const match = current.metrics.find((candidate) => candidate.name === metric.name);
    rows.push(
      match
        ? compareMetric(scenario, label, metric, match, maxRegression)
        : {
            scenario,
            label,
            metric: metric.name,
            unit: metric.unit,
            better: metric.better,
            baseline: metric.value,
            status: 'missing',
            reason: 'not in the current result',
          },
    );
  }
  for (const metric of current.metrics) {
    if (baseline.metrics.some((candidate) => candidate.name === metric.name)) continue;
    rows.push({
      scenario,
      label,
      metric: metric.name,
      unit: metric.unit,
      better: metric.better,
      current: metric.value,
      status: 'new',
      reason: 'not in the baseline',
    });
  }
  return rows;
}

const unitOf = (result: ScenarioResult): string =>
  tenancyOf(result) === 'workspaces' ? 'workspace' : 'namespace';

/** Parameters whose values differ: numbers from runs of different sizes are not like for like. */
export function differingParameters(a: ScenarioResult, b: ScenarioResult): string[] {
  const names = new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)]);
  return [...names].filter(
    (name) => JSON.stringify(a.parameters[name]) !== JSON.stringify(b.parameters[name]),
  );
}

/**
 * The baseline for one current result: the only baseline of its scenario, or, when there are
 * several, the one with the same label.
 */
function baselineFor(current: ScenarioResult, baselines: readonly ScenarioResult[]): ScenarioResult | string {
  const candidates = baselines.filter((result) => result.scenario === current.scenario);
  if (candidates.length === 0) return `${current.scenario}: no baseline for this scenario`;
  if (candidates.length === 1) return candidates[0]!;
  const sameLabel = candidates.filter((result) => result.label === current.label);
  if (sameLabel.length === 1) return sameLabel[0]!;
  return (
    `${current.scenario} (${current.label}): ${candidates.length} baselines for this scenario ` +
    `and ${sameLabel.length} labelled "${current.label}"; cannot tell which to compare with`
  );
}

/**
 * Compares every current result with its baseline. `maxRegression` is a fraction (0.2 = 20%):
 * a lower-is-better metric regresses when current > baseline × (1 + max), a higher-is-better
 * one when current < baseline × (1 − max).
 */
export function compareResults(
  baseline: readonly ScenarioResult[],
  current: readonly ScenarioResult[],
  maxRegression: number,
): Comparison {
  if (!Number.isFinite(maxRegression) || maxRegression < 0)
    throw new RangeError(`maxRegression must be a fraction ≥ 0, got ${maxRegression}`);
  const metrics: MetricComparison[] = [];
  const issues: string[] = [];
  for (const result of current) {
    const reference = baselineFor(result, baseline);
    if (typeof reference === 'string') {
      issues.push(reference);
      continue;
    }
    // Interrupted runs cover only part of what was asked; their numbers still count (a
    // regression is a regression) but the comparison is not like for like.
    if (result.partial) issues.push(`${result.scenario} (${result.label}): the current run is partial`);
    if (reference.partial)
      issues.push(`${result.scenario} (${reference.label}): the baseline run is partial`);
    // A workspace per unit and a namespace per unit are different loads on a server.
    if (tenancyOf(reference) !== tenancyOf(result))
      issues.push(
        `${result.scenario} (${result.label}): tenancy differs from the baseline: a ${unitOf(reference)} per unit in the baseline, a ${unitOf(result)} per unit now`,
      );
    const differing = differingParameters(reference, result);
    if (differing.length > 0)
      issues.push(
        `${result.scenario} (${result.label}): parameters differ from the baseline: ${differing.join(', ')}`,
      );
    metrics.push(...compareRun(reference, result, maxRegression));
  }
  for (const result of baseline) {
    if (!current.some((candidate) => candidate.scenario === result.scenario))
      issues.push(`${result.scenario}: in the baseline but not among the current results`);
  }
  const regressions = metrics.filter((row) => row.status === 'regression').length;
  const uncompared = metrics.some((row) => row.status === 'missing' || row.status === 'incomparable');
  const verdict: Verdict =
    regressions > 0 ? 'regression' : uncompared || issues.length > 0 ? 'incomplete' : 'pass';
  return { maxRegression, metrics, issues, regressions, verdict };
}
