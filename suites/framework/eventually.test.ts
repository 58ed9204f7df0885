import { expect } from 'chai';
import { eventually } from './eventually.js';

describe('eventually', () => {
  it('returns the value once the condition holds', async () => {
    let calls = 0;
    const value = await eventually(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return calls;
      },
      { timeoutMs: 2000, intervalMs: 1, consecutive: 1 },
    );
    expect(value).to.equal(3);
  });

  it('needs the given number of successes in a row; a failure resets the count', async () => {
    const script = [true, false, true, true, true];
    let i = 0;
    await eventually(
      async () => {
        if (!script[i++]) throw new Error('flicker');
      },
      { timeoutMs: 2000, intervalMs: 1, consecutive: 3 },
    );
    expect(i).to.equal(5);
  });

  it('fails at the deadline with the description and the last error', async () => {
    const error = await eventually(
      async () => {
        throw new Error('still broken');
      },
      { timeoutMs: 50, intervalMs: 10, consecutive: 1, description: 'the thing' },
    ).catch((e: unknown) => e);
    expect(String(error)).to.match(/the thing did not hold within 50 ms after \d+ attempts: still broken/);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const pending = eventually(
      async () => {
        throw new Error('never');
      },
      { timeoutMs: 10_000, intervalMs: 5, consecutive: 1, signal: controller.signal },
    );
    controller.abort(new Error('stop'));
    const error = await pending.catch((e: unknown) => e);
    expect(String(error)).to.contain('stop');
  });
});
