import { expect } from 'chai';
import { runClosedLoop, runOpenLoop, scheduledAt, type LoadClock } from './load.js';

/** Time moves only when the scheduler sleeps; launches never take time unless a test says so. */
function fakeClock(): LoadClock & { set(t: number): void } {
  let now = 1000;
  return {
    now: () => now,
    set: (t) => (now = t),
    sleepUntil: async (at, signal) => {
      signal?.throwIfAborted();
      now = Math.max(now, at);
    },
  };
}

describe('open-loop rate scheduler', () => {
  it('schedules item i at start + i / rate seconds', () => {
    expect([0, 1, 2, 10].map((i) => scheduledAt(500, i, 4))).to.deep.equal([500, 750, 1000, 3000]);
  });

  it('launches on schedule without waiting for earlier launches to finish', async () => {
    const clock = fakeClock();
    const launched: [number, number][] = [];
    const finishers: (() => void)[] = [];
    const running = runOpenLoop(
      5,
      10,
      (index, at) => {
        launched.push([index, at]);
        // Never finishes until the test says so: a closed loop would stall here.
        return new Promise<void>((resolve) => finishers.push(resolve));
      },
      { clock },
    );
    // Let the scheduler run through all five (the fake sleeps resolve at once).
    for (let i = 0; i < 20 && launched.length < 5; i += 1) await Promise.resolve();
    expect(launched).to.deep.equal([
      [0, 1000],
      [1, 1100],
      [2, 1200],
      [3, 1300],
      [4, 1400],
    ]);
    finishers.forEach((finish) => finish());
    expect(await running).to.equal(5);
  });

  it('keeps the scheduled start when a launch is late, so latency counts from it', async () => {
    const clock = fakeClock();
    const starts: number[] = [];
    await runOpenLoop(
      3,
      1,
      async (_index, at) => {
        starts.push(at);
        // The driver itself was held up by 5 s (a stalled event loop, a slow server).
        clock.set(clock.now() + 5000);
      },
      { clock },
    );
    expect(starts).to.deep.equal([1000, 2000, 3000]);
  });

  it('stops issuing when the signal aborts, and keeps what was launched', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const launched: number[] = [];
    const count = await runOpenLoop(
      100,
      10,
      async (index) => {
        launched.push(index);
        if (index === 2) controller.abort();
      },
      { clock, signal: controller.signal },
    );
    expect(count).to.equal(3);
    expect(launched).to.deep.equal([0, 1, 2]);
  });

  it('a failing launch does not stop the schedule', async () => {
    const launched: number[] = [];
    const count = await runOpenLoop(
      3,
      100,
      async (index) => {
        launched.push(index);
        if (index === 0) throw new Error('boom');
      },
      { clock: fakeClock() },
    );
    expect(count).to.equal(3);
    expect(launched).to.deep.equal([0, 1, 2]);
  });
});

describe('closed loop', () => {
  it('never has more than `concurrency` items in flight and runs every item', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runClosedLoop([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      done.push(item);
    });
    expect(most).to.equal(3);
    expect([...done].sort()).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
  });

  it('runs items enqueued by work (a tree) and ends when nothing is left', async () => {
    const seen: string[] = [];
    await runClosedLoop(['a', 'b'], 4, async (item, enqueue) => {
      seen.push(item);
      await new Promise((resolve) => setImmediate(resolve));
      if (item.length < 3) for (const child of ['0', '1']) enqueue(item + child);
    });
    // 2 roots, 4 children, 8 grandchildren.
    expect(seen).to.have.length(14);
    expect(seen).to.include.members(['a', 'b', 'a0', 'b1', 'a01', 'b10']);
  });

  it('starts nothing new after the signal aborts', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    await runClosedLoop(
      [1, 2, 3, 4, 5],
      1,
      async (item) => {
        seen.push(item);
        if (item === 2) controller.abort();
      },
      controller.signal,
    );
    expect(seen).to.deep.equal([1, 2]);
  });
});
