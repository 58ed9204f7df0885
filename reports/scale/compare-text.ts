// The compare command's output: one aligned row per metric, then what could not be compared,
// then the verdict in one line, so a CI log answers "what regressed, by how much" at a glance.
import type { Comparison, MetricComparison } from './compare.js';
import { formatChange, formatValue } from './format.js';

const percent = (fraction: number): string => `${Number((fraction * 100).toFixed(2))}%`;

function status(row: MetricComparison): string {
  if (row.status === 'regression') return 'REGRESSION';
  if (row.reason !== undefined) return `${row.status}: ${row.reason}`;
  return row.status;
}

const value = (number: number | undefined, unit: string): string =>
  number === undefined ? '-' : formatValue(number, unit);

/** Columns padded to their widest cell; the last column is left ragged. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function verdictLine(comparison: Comparison): string {
  const allowance = percent(comparison.maxRegression);
  const compared = comparison.metrics.filter((row) => row.ratio !== undefined).length;
  if (comparison.verdict === 'regression')
    return `REGRESSION: ${comparison.regressions} of ${compared} metrics are more than ${allowance} worse than the baseline`;
  if (comparison.verdict === 'incomplete')
    return `incomplete: no metric is more than ${allowance} worse, but not everything could be compared (see above)`;
  return `pass: all ${compared} metrics are within ${allowance} of the baseline`;
}

export function formatComparison(comparison: Comparison): string[] {
  const header = ['scenario', 'run', 'metric', 'baseline', 'current', 'change', 'status'];
  const rows = comparison.metrics.map((row) => [
    row.scenario,
    row.label,
    row.metric,
    value(row.baseline, row.unit),
    value(row.current, row.unit),
    row.ratio === undefined ? '-' : formatChange(row.ratio),
    status(row),
  ]);
  return [
    ...(rows.length > 0 ? alignColumns([header, ...rows]) : ['no metrics to compare']),
    ...comparison.issues.map((issue) => `note: ${issue}`),
    verdictLine(comparison),
  ];
}
