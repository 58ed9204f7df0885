// Latency recording: every sample goes into an HDR histogram at microsecond resolution (3
// significant digits), so a result carries the whole distribution (hdrBase64) and a reader can
// recompute any percentile, not only the few we summarise. Min, max and mean are kept exactly
// beside it; the histogram rounds values within 0.1%.
import { build, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from './result.js';

/** About this many points in a summary's CDF: enough for a smooth chart, small in JSON. */
export const CDF_POINTS = 50;

export interface LatencyRecorder {
  /** Records one latency in milliseconds (negative values count as 0). */
  record(ms: number): void;
  readonly count: number;
  summary(): LatencySummary;
}

const US_PER_MS = 1000;
const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export function createLatencyRecorder(): LatencyRecorder {
  const histogram: Histogram = build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  return {
    record(ms) {
      const value = Math.max(0, ms);
      histogram.recordValue(Math.round(value * US_PER_MS));
      count += 1;
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    },
    get count() {
      return count;
    },
    summary() {
      if (count === 0) return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
      const at = (percentile: number): number =>
        // The histogram reports the highest value equivalent to the bucket; never beyond the true max.
        round(Math.min(max, histogram.getValueAtPercentile(percentile) / US_PER_MS));
      return {
        count,
        minMs: round(min),
        meanMs: round(sum / count),
        p50Ms: at(50),
        p90Ms: at(90),
        p99Ms: at(99),
        maxMs: round(max),
        hdrBase64: encodeIntoCompressedBase64(histogram),
        cdf: cdfPoints(at, CDF_POINTS),
      };
    },
  };
}

/**
 * [latency ms, fraction ≤ it] at evenly spaced fractions 1/points .. 1, as a step CDF: where
 * several fractions share one latency (few samples, or a spike), only the highest is kept, so
 * both coordinates strictly increase.
 */
export function cdfPoints(
  valueAtPercentile: (percentile: number) => number,
  points: number,
): [number, number][] {
  const cdf: [number, number][] = [];
  for (let i = 1; i <= points; i += 1) {
    const fraction = i / points;
    const latency = valueAtPercentile(fraction * 100);
    const last = cdf[cdf.length - 1];
    if (last && latency <= last[0]) last[1] = fraction;
    else cdf.push([latency, fraction]);
  }
  return cdf;
}
