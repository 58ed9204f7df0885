// After the last write: wait until every expected event has arrived, or the settle time is up
// (what is still outstanding then counts as lost).
import { setTimeout as delay } from 'node:timers/promises';

const CHECK_MS = 20;

export async function settle(
  outstanding: () => number,
  settleMs: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = performance.now() + settleMs;
  while (outstanding() > 0 && performance.now() < deadline && !signal.aborted) {
    await delay(CHECK_MS, undefined, { signal }).catch(() => undefined);
  }
}
