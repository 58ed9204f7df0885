import { expect } from 'chai';
import type { LoadClock } from '../framework/load.js';
import { driveOpenLoop, plannedCount } from './open-loop-driver.js';

/**
 * A clock that only moves when the driver sleeps; `stalls` adds a delay to given wake-ups. It
 * lets answers already on their way (microtasks) land before time moves on, as a real clock would.
 */
function fakeClock(stalls: Record<number, number> = {}): LoadClock & { sleeps: number } {
  let now = 1000;
  const clock = {
    sleeps: 0,
    now: () => now,
    async sleepUntil(at: number) {
      clock.sleeps += 1;
      const sleep = clock.sleeps;
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, at) + (stalls[sleep] ?? 0);
    },
  };
  return clock;
}

describe('api-throughput open-loop driver', () => {
  it('offers rate × duration requests, at least one', () => {
    expect(plannedCount(50, 10)).to.equal(500);
    expect(plannedCount(3, 0.5)).to.equal(2);
    expect(plannedCount(0.1, 1)).to.equal(1);
  });

  it('charges a late start from the scheduled time (coordinated omission corrected)', async () => {
    // 10 req/s for 1 s: due at 0, 100, …, 900 ms. Before request 3 the clock stalls 250 ms
    // (say, a blocked event loop), so requests 3, 4 and 5 start at 550 ms, late by 250, 150
    // and 50 ms; the server answers instantly, so their latencies are exactly that lateness.
    const clock = fakeClock({ 4: 250 });
    const run = await driveOpenLoop({ rate: 10, durationSec: 1, clock, send: async () => 200 });
    expect(run.sent).to.equal(10);
    expect(run.succeeded).to.equal(10);
    expect(run.latency.count).to.equal(10);
    expect(run.latency.maxMs).to.equal(250);
    expect(run.latency.minMs).to.equal(0);
    expect(run.latency.meanMs).to.equal((250 + 150 + 50) / 10);
    // Kept up apart from the stall: 10 answers over the offered second.
    expect(run.durationSec).to.equal(1);
  });

  it('counts answers that are not 2xx by status or reason and keeps them out of the latencies', async () => {
    const answers = [200, 404, 'timeout', 201, 500, 'timeout'];
    const run = await driveOpenLoop({
      rate: 6,
      durationSec: 1,
      clock: fakeClock(),
      send: async (index) => answers[index] ?? 200,
    });
    expect(run.sent).to.equal(6);
    expect(run.succeeded).to.equal(2);
    expect(run.latency.count).to.equal(2);
    expect(run.errors).to.deep.equal({ '404': 1, '500': 1, timeout: 2 });
  });

  it('stops starting requests when the signal aborts', async () => {
    const controller = new AbortController();
    const run = await driveOpenLoop({
      rate: 10,
      durationSec: 1,
      clock: fakeClock(),
      signal: controller.signal,
      send: async (index) => {
        if (index === 2) controller.abort();
        return 200;
      },
    });
    expect(run.sent).to.equal(3);
  });
});
