// Polling with a deadline for eventually-consistent behaviour. Tests never sleep for a fixed
// time; they poll until a condition holds. `consecutive` (Gateway API's
// RequiredConsecutiveSuccesses) guards against a condition that flickers true once.
import { setTimeout as delay } from 'node:timers/promises';

export interface EventuallyOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Number of successes in a row needed; a failure resets the count. */
  consecutive: number;
  signal?: AbortSignal;
  /** What is being waited for, for the error message. */
  description?: string;
}

export const DEFAULT_EVENTUALLY: Omit<EventuallyOptions, 'timeoutMs'> = { intervalMs: 250, consecutive: 1 };

/**
 * Calls fn until it resolves `consecutive` times in a row, and returns its last value. A throw
 * counts as "not yet". At the deadline the last error is rethrown, wrapped with the description.
 */
export async function eventually<T>(fn: () => Promise<T>, options: EventuallyOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let successes = 0;
  let attempts = 0;
  let lastError: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    attempts += 1;
    try {
      const value = await fn();
      successes += 1;
      if (successes >= options.consecutive) return value;
      lastError = new Error(`only ${successes} of ${options.consecutive} consecutive successes so far`);
    } catch (error) {
      successes = 0;
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    await delay(Math.min(options.intervalMs, remaining), undefined, { signal: options.signal }).catch(
      (error: unknown) => {
        // Surface the caller's reason (e.g. "run interrupted") rather than a bare AbortError.
        options.signal?.throwIfAborted();
        throw error;
      },
    );
  }
  const what = options.description ?? 'condition';
  const cause = lastError instanceof Error ? lastError.message : String(lastError);
  const streak = options.consecutive > 1 ? ` (${options.consecutive} consecutive successes needed)` : '';
  throw new Error(
    `${what} did not hold within ${options.timeoutMs} ms after ${attempts} attempts${streak}: ${cause}`,
    {
      cause: lastError,
    },
  );
}
