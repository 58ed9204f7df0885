import { expect } from 'chai';
import {
  parseResidentMemory,
  parseVmRss,
  procRssSource,
  settleAndSample,
  spread,
  type SettleClock,
} from './rss.js';

/** A clock that moves only when the code under test sleeps: no real waiting, no timing in asserts. */
function fakeClock(): SettleClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

/** Serves the given samples in order, repeating the last. */
function samples(values: number[]) {
  let i = 0;
  return { sample: async () => values[Math.min(i++, values.length - 1)]! };
}

const rule = { intervalMs: 1000, consecutive: 3, tolerance: 0.02, maxMs: 30_000 };

describe('RSS settle rule', () => {
  it('settles once 3 consecutive samples differ by less than 2%', async () => {
    const clock = fakeClock();
    const result = await settleAndSample(samples([100, 150, 120, 121, 122]), rule, { clock });
    expect(result.settled).to.equal(true);
    expect(result.bytes).to.equal(122);
    expect(result.samples).to.equal(5);
    expect(clock.slept).to.deep.equal([1000, 1000, 1000, 1000]);
    expect(result.rule).to.match(/^settled: 3 samples 1000 ms apart within 2\.00%/);
  });

  it('a sample outside the band restarts the count', async () => {
    const result = await settleAndSample(samples([100, 101, 110, 111, 112]), rule, { clock: fakeClock() });
    expect(result.samples).to.equal(5);
    expect(result.bytes).to.equal(112);
  });

  it('at exactly 2% spread it is not yet settled (the rule is strictly less)', async () => {
    // [100, 102, 100] and [102, 100, 101] spread exactly 2%; [100, 101, 101] is the first within.
    const result = await settleAndSample(samples([100, 102, 100, 101, 101]), rule, { clock: fakeClock() });
    expect(result.samples).to.equal(5);
  });

  it('gives up after maxMs, uses the last sample and says why', async () => {
    let value = 100;
    const growing = { sample: async () => (value *= 1.05) };
    const clock = fakeClock();
    const result = await settleAndSample(growing, rule, { clock });
    expect(result.settled).to.equal(false);
    expect(result.samples).to.equal(31);
    expect(clock.now()).to.equal(30_000);
    expect(result.rule).to.match(/^timeout: not settled within 30000 ms/);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const clock: SettleClock = {
      now: () => 0,
      sleep: async () => {
        controller.abort(new Error('interrupted'));
        controller.signal.throwIfAborted();
      },
    };
    const error = await settleAndSample(samples([1, 2, 3]), rule, { clock, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(String(error)).to.contain('interrupted');
  });

  it('spread is relative to the smallest sample', () => {
    expect(spread([100, 101, 99])).to.be.closeTo(2 / 99, 1e-12);
    expect(spread([5, 5, 5])).to.equal(0);
  });
});

describe('RSS sources', () => {
  it('reads VmRSS in kB from /proc status text', () => {
    expect(parseVmRss('Name:\tnode\nVmPeak:\t  1 kB\nVmRSS:\t  123456 kB\nThreads: 7\n')).to.equal(
      123456 * 1024,
    );
    expect(parseVmRss('Name:\tzombie\n')).to.equal(undefined);
  });

  it('reads process_resident_memory_bytes, also in exponent notation', () => {
    const text =
      '# HELP process_resident_memory_bytes Resident memory size in bytes.\n' +
      '# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 1.2345e+08\n';
    expect(parseResidentMemory(text)).to.equal(123450000);
    expect(parseResidentMemory('process_resident_memory_bytes{pid="1"} 42\n')).to.equal(42);
    expect(parseResidentMemory('go_goroutines 3\n')).to.equal(undefined);
  });

  it('samples this process from /proc on Linux', async function () {
    if (process.platform !== 'linux') this.skip();
    expect(await procRssSource(process.pid).sample()).to.be.greaterThan(1024 * 1024);
  });
});
