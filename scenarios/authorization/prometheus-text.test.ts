import { expect } from 'chai';
import { Histogram, Registry } from 'prom-client';
import { histogramDelta, histogramQuantile, parseSamples, readHistogram, sumOf } from './prometheus-text.js';

const NAME = 'kh_test_seconds';

/** A real exposition from prom-client, so the parser reads what servers write, not what we imagine. */
async function exposition(observations: Record<string, number[]>): Promise<string> {
  const registry = new Registry();
  const histogram = new Histogram({
    name: NAME,
    help: 'test',
    labelNames: ['decision'],
    buckets: [5e-6, 1e-5, 1e-4, 1e-3],
    registers: [registry],
  });
  for (const [decision, values] of Object.entries(observations))
    for (const value of values) histogram.observe({ decision }, value);
  return registry.metrics();
}

describe('Prometheus text', () => {
  it('reads samples with labels, escapes, exponents and infinities; skips comments', () => {
    const samples = parseSamples(
      '# HELP x help\n# TYPE x gauge\nx 1.5e+3\ny{a="1",b="q\\"uote"} 2\nz{le="+Inf"} +Inf\nbroken line here\n',
    );
    expect(samples).to.deep.equal([
      { name: 'x', labels: {}, value: 1500 },
      { name: 'y', labels: { a: '1', b: 'q"uote' }, value: 2 },
      { name: 'z', labels: { le: '+Inf' }, value: Infinity },
    ]);
    expect(sumOf(parseSamples('c{k="a"} 2\nc{k="b"} 3\n'), 'c')).to.equal(5);
    expect(sumOf(samples, 'absent')).to.equal(undefined);
  });

  it('sums a histogram over label sets, takes the difference of two scrapes, and estimates quantiles', async () => {
    const before = readHistogram(parseSamples(await exposition({ allow: [2e-6], deny: [5e-4] })), NAME)!;
    expect(before.count).to.equal(2);
    expect(before.buckets.map(([bound]) => bound)).to.deep.equal([5e-6, 1e-5, 1e-4, 1e-3, Infinity]);
    // Later scrape: 2 earlier observations plus 4 new ones, all between 10 and 100 µs.
    const later = await exposition({ allow: [2e-6, 2e-5, 3e-5, 4e-5, 5e-5], deny: [5e-4] });
    const delta = histogramDelta(before, readHistogram(parseSamples(later), NAME)!);
    expect(delta.count).to.equal(4);
    expect(delta.sum).to.be.closeTo(1.4e-4, 1e-12);
    expect(delta.buckets).to.deep.equal([
      [5e-6, 0],
      [1e-5, 0],
      [1e-4, 4],
      [1e-3, 4],
      [Infinity, 4],
    ]);
    // Rank 2 of 4 lies halfway through the (10 µs, 100 µs] bucket.
    expect(histogramQuantile(0.5, delta)).to.be.closeTo(5.5e-5, 1e-12);
    expect(histogramQuantile(1, delta)).to.be.closeTo(1e-4, 1e-12);
  });

  it('reports a quantile in the +Inf bucket as the highest finite bound, and nothing for an empty histogram', () => {
    const histogram = {
      buckets: [
        [1, 0],
        [2, 1],
        [Infinity, 4],
      ] as [number, number][],
      sum: 0,
      count: 4,
    };
    expect(histogramQuantile(0.99, histogram)).to.equal(2);
    expect(histogramQuantile(0.25, histogram)).to.equal(2);
    expect(histogramQuantile(0.5, { buckets: [[Infinity, 0]], sum: 0, count: 0 })).to.equal(undefined);
    expect(readHistogram(parseSamples('other_bucket{le="1"} 1\n'), NAME)).to.equal(undefined);
  });
});
