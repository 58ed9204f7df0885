// The content of one scenario's report section as plain typed tables, built once and rendered
// by both html.ts and markdown.ts, so the two reports always say the same thing. Columns are
// runs: one run gives one value column, several give the side-by-side comparison.
import { tenancyOf, type Metric, type ScenarioName } from '../../scenarios/framework/result.js';
import { ratioOf } from './compare.js';
import { SCENARIO_DESCRIPTIONS, SCENARIO_TITLES } from './descriptions.js';
import {
  formatBytes,
  formatChange,
  formatDuration,
  formatNumber,
  formatParameter,
  formatTime,
  formatValue,
} from './format.js';
import type { Run, ScenarioRuns } from './runs.js';

/** better/worse: compared with the first run; warn: a caveat; muted: absent or secondary. */
export type Tone = 'better' | 'worse' | 'warn' | 'muted';

export interface Cell {
  text: string;
  code?: boolean;
  tone?: Tone;
  /** A short addition shown after the text, e.g. the change against the first run. */
  note?: string;
}

export interface Table {
  /** One sentence that says how to read the table, when it needs one. */
  caption?: string;
  header: string[];
  rows: Cell[][];
  /** Columns from this index on hold numbers (right-aligned in HTML). */
  numericFrom?: number;
}

export interface Section {
  scenario: ScenarioName;
  title: string;
  description: string;
  runNames: string[];
  /** Each distinct target, e.g. `reference v0.1.0`, with `(namespaces)` when its units were namespaces. */
  targets: string[];
  /**
   * How each run's units were made, when the runs differ in it (a workspace per unit vs a
   * namespace per unit): then the comparison is not like for like. Empty when they agree.
   */
  differingTenancy: { run: string; tenancy: string }[];
  /** Runs that were interrupted and cover only part of what was asked. */
  partialRuns: string[];
  /** Where, when and on what each run ran. */
  runs: Table;
  parameters?: Table;
  /** Parameters whose values differ between runs: the comparison is then not like for like. */
  differingParameters: string[];
  metrics?: Table;
  latencies?: Table;
  errors?: Table;
  /** Each distinct note once, with the runs that carry it (all of them, often). */
  notes: { runs: string[]; text: string }[];
}

/** A change smaller than this against the first run is not coloured: it is within run-to-run noise. */
export const TONE_THRESHOLD = 0.1;

const text = (value: string, extra: Omit<Cell, 'text'> = {}): Cell => ({ text: value, ...extra });
const missing = (): Cell => ({ text: '—', tone: 'muted' });
const heading = (value: string): Cell => ({ text: value });

const describeTenancy = (run: Run): string =>
  tenancyOf(run.result) === 'workspaces' ? 'a workspace each' : 'a namespace each (no workspaces)';

function runsTable(runs: readonly Run[]): Table {
  const facts: [string, (run: Run) => Cell][] = [
    ['Target', (run) => text(run.result.target.kind)],
    ['Target described', (run) => text(run.result.target.describe)],
    ['Server', (run) => text(run.result.target.server, { code: true })],
    ['Units', (run) => text(describeTenancy(run))],
    [
      'Target version',
      (run) => (run.result.target.version ? text(run.result.target.version, { code: true }) : missing()),
    ],
    ['Started', (run) => text(formatTime(run.result.startedAt))],
    [
      'Duration',
      (run) => text(formatDuration(Date.parse(run.result.finishedAt) - Date.parse(run.result.startedAt))),
    ],
    [
      'Complete',
      (run) =>
        run.result.partial ? text('no: interrupted, partial numbers', { tone: 'warn' }) : text('yes'),
    ],
    ['Machine', ({ result: { environment: env } }) => text(`${env.hostname} (${env.platform}/${env.arch})`)],
    ['CPU', ({ result: { environment: env } }) => text(`${env.cpus} × ${env.cpuModel}`)],
    ['Memory', ({ result: { environment: env } }) => text(formatBytes(env.memoryBytes))],
    ['Node.js', ({ result: { environment: env } }) => text(env.node, { code: true })],
    ['Load driver', ({ result: { environment: env } }) => text(env.driver)],
    [
      'Harness',
      ({ result: { environment: env } }) =>
        text(env.harnessCommit ? `${env.harnessVersion} (${env.harnessCommit})` : env.harnessVersion),
    ],
    ['Result file', (run) => (run.file ? text(run.file, { code: true }) : missing())],
  ];
  return {
    header: ['', ...runs.map((run) => run.name)],
    rows: facts.map(([name, cell]) => [heading(name), ...runs.map(cell)]),
  };
}

/** Names in order of first appearance across runs. */
const union = (lists: readonly (readonly string[])[]): string[] => [...new Set(lists.flat())];

function parametersTable(runs: readonly Run[]): { table?: Table; differing: string[] } {
  const names = union(runs.map((run) => Object.keys(run.result.parameters)));
  if (names.length === 0) return { differing: [] };
  const differing: string[] = [];
  const rows = names.map((name) => {
    const values = runs.map((run) =>
      name in run.result.parameters ? formatParameter(run.result.parameters[name]) : undefined,
    );
    const differs = values.some((value) => value !== values[0]);
    if (differs) differing.push(name);
    const tone: Tone | undefined = differs ? 'warn' : undefined;
    return [
      text(name, { code: true }),
      ...values.map((value) => (value === undefined ? missing() : text(value, { code: true, tone }))),
    ];
  });
  return { table: { header: ['Parameter', ...runs.map((run) => run.name)], rows }, differing };
}

/** How the second value compares with the first, oriented so that `worse` is always bad. */
function toneOf(ratio: number, better: Metric['better']): Tone | undefined {
  if (!Number.isFinite(ratio)) return undefined;
  const gain = better === 'lower' ? 1 - ratio : ratio - 1;
  if (gain >= TONE_THRESHOLD) return 'better';
  if (gain <= -TONE_THRESHOLD) return 'worse';
  return undefined;
}

function metricsTable(runs: readonly Run[]): Table | undefined {
  const names = union(runs.map((run) => run.result.metrics.map((metric) => metric.name)));
  if (names.length === 0) return undefined;
  const [first] = runs;
  const rows = names.map((name) => {
    const metrics = runs.map((run) => run.result.metrics.find((metric) => metric.name === name));
    const reference = metrics[0];
    const direction = metrics.find((metric) => metric !== undefined)?.better ?? 'lower';
    const cells = metrics.map((metric, index): Cell => {
      if (!metric) return missing();
      const cell = text(formatValue(metric.value, metric.unit));
      if (index === 0 || !reference || reference.unit !== metric.unit) return cell;
      const ratio = ratioOf(metric.value, reference.value);
      return { ...cell, note: formatChange(ratio), tone: toneOf(ratio, metric.better) };
    });
    return [text(name, { code: true }), text(`${direction} is better`, { tone: 'muted' }), ...cells];
  });
  return {
    caption:
      runs.length > 1 && first
        ? `Changes are against ${first.name}; highlighted when ${TONE_THRESHOLD * 100}% or more better or worse.`
        : undefined,
    header: ['Metric', 'Better', ...runs.map((run) => run.name)],
    rows,
    numericFrom: 2,
  };
}

function latenciesTable(runs: readonly Run[]): Table | undefined {
  const names = union(runs.map((run) => Object.keys(run.result.latencies)));
  if (names.length === 0) return undefined;
  const several = runs.length > 1;
  const rows: Cell[][] = [];
  for (const name of names) {
    for (const run of runs) {
      const summary = run.result.latencies[name];
      if (!summary) continue;
      const ms = [summary.minMs, summary.meanMs, summary.p50Ms, summary.p90Ms, summary.p99Ms, summary.maxMs];
      rows.push([
        text(name, { code: true }),
        ...(several ? [text(run.name)] : []),
        text(formatNumber(summary.count)),
        ...ms.map((value) => text(formatNumber(value))),
      ]);
    }
  }
  return {
    caption: 'Milliseconds.',
    header: ['Latency', ...(several ? ['Run'] : []), 'Count', 'Min', 'Mean', 'p50', 'p90', 'p99', 'Max'],
    rows,
    numericFrom: several ? 2 : 1,
  };
}

function errorsTable(runs: readonly Run[]): Table | undefined {
  const codes = union(runs.map((run) => Object.keys(run.result.errors)));
  if (codes.length === 0) return undefined;
  return {
    caption: 'Failed requests by HTTP status code or reason.',
    header: ['Error', ...runs.map((run) => run.name)],
    rows: codes.map((code) => [
      text(code, { code: true }),
      ...runs.map((run) => {
        const count = run.result.errors[code] ?? 0;
        return text(formatNumber(count), count > 0 ? { tone: 'warn' } : { tone: 'muted' });
      }),
    ]),
    numericFrom: 1,
  };
}

function notesOf(runs: readonly Run[]): Section['notes'] {
  const notes = new Map<string, string[]>();
  for (const run of runs)
    for (const note of run.result.notes) notes.set(note, [...(notes.get(note) ?? []), run.name]);
  return [...notes].map(([note, names]) => ({ runs: [...new Set(names)], text: note }));
}

export function buildSection({ scenario, runs }: ScenarioRuns): Section {
  const parameters = parametersTable(runs);
  return {
    scenario,
    title: SCENARIO_TITLES[scenario],
    description: SCENARIO_DESCRIPTIONS[scenario],
    runNames: runs.map((run) => run.name),
    targets: [
      ...new Set(
        runs.map(({ result }) => {
          const { target } = result;
          const name = target.version ? `${target.kind} ${target.version}` : target.kind;
          return tenancyOf(result) === 'namespaces' ? `${name} (namespaces)` : name;
        }),
      ),
    ],
    differingTenancy:
      new Set(runs.map((run) => tenancyOf(run.result))).size > 1
        ? runs.map((run) => ({ run: run.name, tenancy: tenancyOf(run.result) }))
        : [],
    partialRuns: runs.filter((run) => run.result.partial).map((run) => run.name),
    runs: runsTable(runs),
    parameters: parameters.table,
    differingParameters: runs.length > 1 ? parameters.differing : [],
    metrics: metricsTable(runs),
    latencies: latenciesTable(runs),
    errors: errorsTable(runs),
    notes: notesOf(runs),
  };
}
