import { expect } from 'chai';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { cdfPoints, createLatencyRecorder, CDF_POINTS } from './histogram.js';

describe('latency recorder', () => {
  it('summarises 1..1000 ms: exact min/max/mean, percentiles within HDR precision', () => {
    const recorder = createLatencyRecorder();
    for (let ms = 1; ms <= 1000; ms += 1) recorder.record(ms);
    const summary = recorder.summary();
    expect(summary.count).to.equal(1000);
    expect(summary.minMs).to.equal(1);
    expect(summary.maxMs).to.equal(1000);
    expect(summary.meanMs).to.equal(500.5);
    // 3 significant digits: within 0.1% (plus the bucket's width) of the true value.
    expect(summary.p50Ms).to.be.closeTo(500, 1);
    expect(summary.p90Ms).to.be.closeTo(900, 1);
    expect(summary.p99Ms).to.be.closeTo(990, 1);
  });

  it('keeps microsecond resolution', () => {
    const recorder = createLatencyRecorder();
    recorder.record(0.25);
    recorder.record(0.5);
    const summary = recorder.summary();
    expect(summary.minMs).to.equal(0.25);
    expect(summary.p50Ms).to.equal(0.25);
    expect(summary.maxMs).to.equal(0.5);
  });

  it('encodes the whole distribution so it can be decoded and recomputed', () => {
    const recorder = createLatencyRecorder();
    for (const ms of [3, 5, 8, 13, 21]) recorder.record(ms);
    const decoded = decodeFromCompressedBase64(recorder.summary().hdrBase64 ?? '');
    expect(decoded.totalCount).to.equal(5);
    expect(decoded.getValueAtPercentile(50) / 1000).to.be.closeTo(8, 0.01);
  });

  it('gives a monotone CDF of about CDF_POINTS points ending at (max, 1)', () => {
    const recorder = createLatencyRecorder();
    for (let i = 0; i < 5000; i += 1) recorder.record(Math.exp((i % 97) / 10));
    const cdf = recorder.summary().cdf ?? [];
    expect(cdf.length).to.be.within(CDF_POINTS - 5, CDF_POINTS);
    for (let i = 1; i < cdf.length; i += 1) {
      expect(cdf[i]![0]).to.be.greaterThan(cdf[i - 1]![0]);
      expect(cdf[i]![1]).to.be.greaterThan(cdf[i - 1]![1]);
    }
    expect(cdf[cdf.length - 1]).to.deep.equal([recorder.summary().maxMs, 1]);
  });

  it('an empty recorder summarises to zeros without histogram or CDF', () => {
    expect(createLatencyRecorder().summary()).to.deep.equal({
      count: 0,
      minMs: 0,
      meanMs: 0,
      p50Ms: 0,
      p90Ms: 0,
      p99Ms: 0,
      maxMs: 0,
    });
  });
});

describe('cdfPoints', () => {
  it('keeps one point per latency, with the highest fraction reaching it', () => {
    // Two samples, 10 and 20 ms: the lower half of the fractions all map to 10.
    const cdf = cdfPoints((percentile) => (percentile <= 50 ? 10 : 20), 4);
    expect(cdf).to.deep.equal([
      [10, 0.5],
      [20, 1],
    ]);
  });
});
