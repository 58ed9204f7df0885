// The report's charts: vega-lite specs built from results, rendered headless to SVG strings.
// Every chart carries its data inline and names only generic local fonts, so an SVG works on
// its own, inlined in index.html, or linked from report.md, with nothing fetched from anywhere.
import { parse, View, Error as VegaErrorLevel } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Run, ScenarioRuns } from './runs.js';

export interface ChartSpec {
  /** Unique within its scenario; also the stem of the SVG file name. */
  id: string;
  title: string;
  /** How to read the chart, one sentence. */
  caption: string;
  spec: TopLevelSpec;
}

export interface Chart extends Omit<ChartSpec, 'spec'> {
  /** File name of the SVG next to report.md. */
  file: string;
  svg: string;
}

// Tableau 10, vega's own categorical scheme; a run past the tenth reuses a colour.
const PALETTE = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#e45756',
  '#72b7b2',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
];

const CONFIG = {
  background: 'white',
  font: 'system-ui, sans-serif',
  title: { anchor: 'start', fontSize: 13, fontWeight: 600 },
  axis: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 500,
    gridColor: '#eaeef2',
    domainColor: '#8c959f',
    tickColor: '#8c959f',
  },
  legend: { orient: 'bottom', direction: 'vertical', labelFontSize: 11, labelLimit: 420, title: null },
  view: { stroke: '#d0d7de' },
  line: { strokeWidth: 2 },
} as const;

const WIDTH = 460;
const HEIGHT = 260;

/**
 * Colours by a fixed name → colour assignment (a name's position in `order`), so that a run has
 * the same colour in every chart of the report, and the legend lists only what this chart shows.
 */
function colourFor(names: readonly string[], order: readonly string[]) {
  const range = names.map((name) => {
    const index = order.indexOf(name);
    return PALETTE[(index < 0 ? names.indexOf(name) : index) % PALETTE.length]!;
  });
  return {
    field: 'series',
    type: 'nominal',
    sort: null,
    scale: { domain: [...names], range },
  } as const;
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'chart';

const union = (lists: readonly (readonly string[])[]): string[] => [...new Set(lists.flat())];

/** Latencies usually span decades: a log axis keeps both the body and the tail readable. */
function latencyScale(values: readonly number[]): { type: 'log'; nice: false } | { type: 'linear' } {
  const min = Math.min(...values);
  const max = Math.max(...values);
  // A "nice" log domain rounds out to whole decades, which can leave most of the plot empty.
  return min > 0 && max / min >= 100 ? { type: 'log', nice: false } : { type: 'linear' };
}

interface CdfPoint {
  series: string;
  ms: number;
  fraction: number;
}

function cdfSpec(title: string, points: CdfPoint[], names: readonly string[], order: readonly string[]) {
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: points },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: {
        field: 'ms',
        type: 'quantitative',
        title: 'latency (ms)',
        scale: latencyScale(points.map((point) => point.ms)),
      },
      y: {
        field: 'fraction',
        type: 'quantitative',
        title: 'fraction completed within',
        scale: { domain: [0, 1] },
        axis: { format: '%' },
      },
      color: colourFor(names, order),
    },
  } satisfies TopLevelSpec;
}

const cdfPoints = (series: string, cdf: readonly [number, number][] | undefined): CdfPoint[] =>
  (cdf ?? []).map(([ms, fraction]) => ({ series, ms, fraction }));

/**
 * One run: all its distributions in one chart, coloured by distribution. Several runs: one chart
 * per distribution, coloured by run, because comparing runs is then the point.
 */
function cdfCharts(runs: readonly Run[], order: readonly string[]): ChartSpec[] {
  const withCdf = (run: Run) =>
    Object.entries(run.result.latencies)
      .filter(([, summary]) => (summary.cdf?.length ?? 0) > 0)
      .map(([name]) => name);
  const names = union(runs.map(withCdf));
  if (names.length === 0) return [];
  const caption = 'Share of operations that completed within a given latency; further left is faster.';
  const [only] = runs;
  if (runs.length === 1 && only) {
    const points = names.flatMap((name) => cdfPoints(name, only.result.latencies[name]?.cdf));
    const title = 'Latency distribution (CDF)';
    return [{ id: 'cdf', title, caption, spec: cdfSpec(title, points, names, names) }];
  }
  return names.map((name) => {
    const shown = runs.filter((run) => run.result.latencies[name]?.cdf?.length);
    const points = shown.flatMap((run) => cdfPoints(run.name, run.result.latencies[name]?.cdf));
    const title = `${name}: latency distribution (CDF)`;
    const spec = cdfSpec(
      title,
      points,
      shown.map((run) => run.name),
      order,
    );
    return { id: `cdf-${slug(name)}`, title, caption, spec };
  });
}

/** An axis in bytes is drawn in MiB: nine-digit tick labels are hard to read and compare. */
function axisIn(label: string): { title: string; factor: number } {
  const bytes = /\bbytes\b/i;
  return bytes.test(label)
    ? { title: label.replace(bytes, 'MiB'), factor: 1 / 1024 ** 2 }
    : { title: label, factor: 1 };
}

/** Lines with more points than this are drawn from bucket means: the SVG stays small. */
export const MAX_LINE_POINTS = 400;

/**
 * Reduces a series to at most `max` points: consecutive points fall into equal buckets and
 * each bucket is drawn at its mean x and mean y. Short series pass through unchanged.
 */
export function downsample(
  points: readonly (readonly [number, number])[],
  max = MAX_LINE_POINTS,
): [number, number][] {
  if (points.length <= max) return points.map(([x, y]) => [x, y]);
  const size = Math.ceil(points.length / max);
  const out: [number, number][] = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    out.push([
      bucket.reduce((a, [x]) => a + x, 0) / bucket.length,
      bucket.reduce((a, [, y]) => a + y, 0) / bucket.length,
    ]);
  }
  return out;
}

/** One chart per series name (e.g. RSS vs workspaces), one line per run. */
function seriesCharts(runs: readonly Run[], order: readonly string[]): ChartSpec[] {
  const names = union(runs.map((run) => run.result.series.map((series) => series.name)));
  return names.map((name) => {
    const shown = runs.filter((run) => run.result.series.some((series) => series.name === name));
    const first = shown[0]?.result.series.find((series) => series.name === name);
    const x = axisIn(first?.xLabel ?? 'x');
    const y = axisIn(first?.yLabel ?? 'y');
    const values = shown.flatMap((run) =>
      run.result.series
        .filter((series) => series.name === name)
        .flatMap((series) =>
          downsample(series.points).map(([px, py]) => ({
            series: run.name,
            x: px * x.factor,
            y: py * y.factor,
          })),
        ),
    );
    const longest = Math.max(
      0,
      ...shown.flatMap((run) => run.result.series.filter((s) => s.name === name).map((s) => s.points.length)),
    );
    const spec = {
      title: name,
      width: WIDTH,
      height: HEIGHT,
      config: CONFIG,
      data: { values },
      mark: { type: 'line', point: longest <= MAX_LINE_POINTS },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: x.title },
        y: { field: 'y', type: 'quantitative', title: y.title },
        color: colourFor(
          shown.map((run) => run.name),
          order,
        ),
      },
    } satisfies TopLevelSpec;
    return {
      id: slug(name),
      title: name,
      caption:
        `${y.title} against ${x.title}, one line per run.` +
        (longest > MAX_LINE_POINTS
          ? ` Lines of more than ${MAX_LINE_POINTS} points are drawn as the means of equal consecutive buckets.`
          : ''),
      spec,
    };
  });
}

/** Rates are the metrics whose unit is "something per second". */
const isRate = (unit: string): boolean => /(\/\s*s|per second|\bps)$/i.test(unit.trim());

/** Every rate metric as a horizontal bar, runs side by side within each metric. */
function throughputCharts(runs: readonly Run[], order: readonly string[]): ChartSpec[] {
  const values = runs.flatMap((run) =>
    run.result.metrics
      .filter((metric) => isRate(metric.unit))
      .map((metric) => ({ series: run.name, metric: metric.name, value: metric.value, unit: metric.unit })),
  );
  if (values.length === 0) return [];
  const units = union([values.map((value) => value.unit)]);
  const shown = union([values.map((value) => value.series)]);
  const spec = {
    title: 'Throughput',
    width: WIDTH,
    height: { step: 14 },
    config: CONFIG,
    data: { values },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'metric', type: 'nominal', title: null, sort: null, axis: { labelLimit: 200 } },
      yOffset: { field: 'series', type: 'nominal', sort: null },
      x: { field: 'value', type: 'quantitative', title: units.join(', ') },
      color: colourFor(shown, order),
    },
  } satisfies TopLevelSpec;
  return [
    { id: 'throughput', title: 'Throughput', caption: 'Operations per second; longer is better.', spec },
  ];
}

/**
 * The charts of one scenario. `order` is every run name of the report in order: a run's colour
 * is its position there, the same in every chart.
 */
export function chartSpecs(group: ScenarioRuns, order: readonly string[]): ChartSpec[] {
  const charts = [
    ...cdfCharts(group.runs, order),
    ...seriesCharts(group.runs, order),
    ...throughputCharts(group.runs, order),
  ];
  // Two names can slug alike ("a b", "a-b"); ids name files, so they must differ.
  const taken = new Set<string>();
  return charts.map((chart) => {
    let id = chart.id;
    for (let n = 2; taken.has(id); n += 1) id = `${chart.id}-${n}`;
    taken.add(id);
    return { ...chart, id };
  });
}

/**
 * vega numbers clip paths and gradients from 1 on every render, so two SVGs inlined in one page
 * would share ids and clip each other's marks; prefixing them keeps each chart to itself.
 */
export function scopeIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/\bhref="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

/** Renders one vega-lite spec to a standalone SVG document string. */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none', logLevel: VegaErrorLevel });
  try {
    return scopeIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

export async function renderCharts(group: ScenarioRuns, order: readonly string[]): Promise<Chart[]> {
  const charts: Chart[] = [];
  for (const { spec, ...chart } of chartSpecs(group, order)) {
    const stem = `${group.scenario}-${chart.id}`;
    charts.push({ ...chart, file: `${stem}.svg`, svg: await renderSvg(spec, stem) });
  }
  return charts;
}
