import { expect } from 'chai';
import { ladderRates, searchMaxRate, type ProbeMeasurement } from './search.js';

/** A synthetic target: p99 = 100 + rate² ms, and errors from `errorsFrom` workspaces/s on. */
function syntheticTarget(errorsFrom = Infinity): {
  probe: (rate: number) => Promise<ProbeMeasurement>;
  probed: number[];
} {
  const probed: number[] = [];
  return {
    probed,
    probe: async (rate) => {
      probed.push(rate);
      return { p99Ms: 100 + rate * rate, errors: rate >= errorsFrom ? 1 : 0 };
    },
  };
}

describe('capacity search', () => {
  it('doubles from the start rate and ends the ladder at the maximum', () => {
    expect(ladderRates(5, 40)).to.deep.equal([5, 10, 20, 40]);
    expect(ladderRates(1, 50)).to.deep.equal([1, 2, 4, 8, 16, 32, 50]);
    expect(ladderRates(3, 3)).to.deep.equal([3]);
  });

  it('climbs the ladder to the first failure, then bisects towards the true limit', async () => {
    // p99 ≤ 1000 ms ⇔ rate ≤ 30: the ladder passes 16 and fails 32; bisection probes 24, 28, 30, 31.
    const target = syntheticTarget();
    const outcome = await searchMaxRate(target.probe, {
      startRate: 1,
      maxRate: 64,
      bisectSteps: 4,
      sloP99Ms: 1000,
    });
    expect(target.probed).to.deep.equal([1, 2, 4, 8, 16, 32, 24, 28, 30, 31]);
    expect(outcome.maxSustainableRate).to.equal(30);
    expect(outcome.lowestFailingRate).to.equal(31);
    expect(outcome.probes.map((p) => p.pass)).to.deep.equal([
      true,
      true,
      true,
      true,
      true,
      false,
      true,
      true,
      true,
      false,
    ]);
    expect(outcome.probes.filter((p) => p.stage === 'bisection')).to.have.length(4);
    expect(outcome.interrupted).to.equal(false);
  });

  it('fails a probe with errors even when its p99 is within the SLO', async () => {
    const target = syntheticTarget(6);
    const outcome = await searchMaxRate(target.probe, {
      startRate: 1,
      maxRate: 64,
      bisectSteps: 3,
      sloP99Ms: 10_000,
    });
    expect(target.probed).to.deep.equal([1, 2, 4, 8, 6, 5, 5.5]);
    expect(outcome.maxSustainableRate).to.equal(5.5);
    expect(outcome.lowestFailingRate).to.equal(6);
  });

  it('reports the maximum when nothing fails, and says the limit is higher', async () => {
    const target = syntheticTarget();
    const outcome = await searchMaxRate(target.probe, {
      startRate: 5,
      maxRate: 40,
      bisectSteps: 3,
      sloP99Ms: 2000,
    });
    expect(target.probed).to.deep.equal([5, 10, 20, 40]);
    expect(outcome.maxSustainableRate).to.equal(40);
    expect(outcome.lowestFailingRate).to.equal(undefined);
    expect(outcome.conclusion).to.match(/at least/);
  });

  it('reports 0 when the start rate already fails, without probing lower', async () => {
    const target = syntheticTarget();
    const outcome = await searchMaxRate(target.probe, {
      startRate: 50,
      maxRate: 100,
      bisectSteps: 3,
      sloP99Ms: 1000,
    });
    expect(target.probed).to.deep.equal([50]);
    expect(outcome.maxSustainableRate).to.equal(0);
    expect(outcome.conclusion).to.match(/lower --start-rate/);
  });

  it('stops probing once the signal aborts and says so', async () => {
    const controller = new AbortController();
    const target = syntheticTarget();
    const outcome = await searchMaxRate(
      async (rate) => {
        if (rate === 4) controller.abort();
        return target.probe(rate);
      },
      { startRate: 1, maxRate: 64, bisectSteps: 3, sloP99Ms: 1000, signal: controller.signal },
    );
    // The probe at 4/s was cut short: its verdict does not count.
    expect(target.probed).to.deep.equal([1, 2, 4]);
    expect(outcome.interrupted).to.equal(true);
    expect(outcome.maxSustainableRate).to.equal(2);
    expect(outcome.conclusion).to.match(/^interrupted/);
  });
});
