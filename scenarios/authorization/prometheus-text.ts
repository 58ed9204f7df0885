// Just enough of the Prometheus text exposition format to read a few figures from a target's
// /metrics: plain samples (gauges, counters) summed over their label sets, and one histogram's
// cumulative buckets, so a scenario can take the difference of two scrapes and estimate
// quantiles of what happened in between (as PromQL's histogram_quantile does).

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Every sample line of an exposition; comments and malformed lines are skipped. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE_LINE.exec(line.trim());
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      labels[key!] = value!.replace(/\\(.)/g, '$1');
    const value = parseValue(match[3]!);
    if (!Number.isNaN(value)) samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/** The sum of a metric's samples over all its label sets; undefined when the metric is absent. */
export function sumOf(samples: readonly Sample[], name: string): number | undefined {
  const matching = samples.filter((sample) => sample.name === name);
  return matching.length === 0 ? undefined : matching.reduce((sum, sample) => sum + sample.value, 0);
}

/** A histogram summed over its label sets: cumulative counts by upper bound, ascending, +Inf last. */
export interface HistogramSnapshot {
  buckets: [upperBound: number, cumulativeCount: number][];
  sum: number;
  count: number;
}

export function readHistogram(samples: readonly Sample[], name: string): HistogramSnapshot | undefined {
  const byBound = new Map<number, number>();
  for (const sample of samples) {
    if (sample.name !== `${name}_bucket` || sample.labels.le === undefined) continue;
    const bound = parseValue(sample.labels.le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + sample.value);
  }
  const count = sumOf(samples, `${name}_count`);
  if (byBound.size === 0 || count === undefined) return undefined;
  return {
    buckets: [...byBound.entries()].sort(([a], [b]) => a - b),
    sum: sumOf(samples, `${name}_sum`) ?? 0,
    count,
  };
}

/** What was observed between two scrapes of the same histogram (after − before). */
export function histogramDelta(before: HistogramSnapshot, after: HistogramSnapshot): HistogramSnapshot {
  const earlier = new Map(before.buckets);
  return {
    buckets: after.buckets.map(([bound, count]) => [bound, count - (earlier.get(bound) ?? 0)]),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

/**
 * The q-quantile (0 ≤ q ≤ 1) estimated as Prometheus' histogram_quantile does: find the bucket
 * holding rank q·count and interpolate linearly inside it (the first bucket from 0). A quantile
 * that falls in the +Inf bucket is reported as the highest finite bound. Undefined when empty.
 */
export function histogramQuantile(q: number, histogram: HistogramSnapshot): number | undefined {
  const buckets = histogram.buckets;
  const total = buckets[buckets.length - 1]?.[1] ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0 ? bound : lowerBound + (bound - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}
