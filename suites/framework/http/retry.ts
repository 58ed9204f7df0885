// Retries as client-go makes them (k8s.io/client-go/rest with_retry.go: IsNextRetry, checkWait):
// an answer 429, or any 5xx, that carries an integer Retry-After header is sent again after that
// many seconds, at most 10 times. A server says Retry-After when the answer is temporary:
// kube-apiserver's 429 "storage is (re)initializing" right after a CRD is created, priority and
// fairness rejections, kcp's 429 while a home workspace is created. Tests written against
// client-go behaviour must not fail on those. Unlike client-go, a retry is never started when its
// wait would pass the request's deadline or the test's, and every retry is written to the run log.
//
// Where retries are reported comes from the async context (AsyncLocalStorage): clients are made in
// many places (target, identities, test users, token clients) that know nothing of the run log,
// while the run and each test know where they log and when they must end.
import { AsyncLocalStorage } from 'node:async_hooks';

/** client-go's default Request.maxRetries. */
export const MAX_RETRIES = 10;

/** Longest single wait honoured; a longer Retry-After is not retried (the answer is returned). */
export const MAX_RETRY_AFTER_MS = 30_000;

/** What one answer looked like, for the decision and the log line. */
export interface RetryableAnswer {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  text: string;
}

export interface RetryCounter {
  total: number;
  /** "429 TooManyRequests" -> count. */
  byAnswer: Record<string, number>;
}

export interface RetryScope {
  /** What the log lines are attributed to: "harness" or a test id. */
  source: string;
  write(source: string, message: string): void;
  /** Shared by a whole run, so the log can say how many retries it took. */
  counter: RetryCounter;
  /** The test's signal: a wait for a retry ends when it aborts. */
  signal?: AbortSignal;
  /** Epoch ms (the test's deadline): no retry whose wait would end after it. */
  deadline?: number;
}

const scopes = new AsyncLocalStorage<RetryScope>();

export function newRetryCounter(): RetryCounter {
  return { total: 0, byAnswer: {} };
}

/** Runs fn with retries reported to scope (and bounded by its deadline). */
export function withRetryScope<T>(scope: RetryScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

/** The scope fn runs in; undefined outside any (then retries happen but are not logged). */
export function currentRetryScope(): RetryScope | undefined {
  return scopes.getStore();
}

/** A scope for one test inside the current (run) scope: same log and counter, the test's bounds. */
export function testRetryScope(
  source: string,
  write: RetryScope['write'],
  bounds: { signal: AbortSignal; deadline: number },
): RetryScope {
  const parent = currentRetryScope();
  return { source, write, counter: parent?.counter ?? newRetryCounter(), ...bounds };
}

/**
 * client-go checkWait: 429 and every status >= 500 may ask for a retry, and do when Retry-After
 * is an integer number of seconds (strconv.Atoi; a date is not honoured). Milliseconds, or undefined.
 */
export function retryAfterMs(answer: Pick<RetryableAnswer, 'status' | 'headers'>): number | undefined {
  if (answer.status !== 429 && answer.status < 500) return undefined;
  const value = answer.headers['retry-after']?.trim();
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
  return Math.max(0, Number(value)) * 1000;
}

/** The reason and message of a metav1.Status body; undefined when the body is not one. */
function statusOf(text: string): { reason?: string; message?: string } | undefined {
  try {
    const status = JSON.parse(text) as { kind?: string; reason?: string; message?: string } | null;
    return status?.kind === 'Status' ? status : undefined;
  } catch {
    return undefined;
  }
}

/** "429 TooManyRequests: storage is (re)initializing", from a Status body or the text. */
export function describeAnswer(answer: RetryableAnswer): string {
  const status = statusOf(answer.text);
  const reason = status?.reason ?? '';
  const oneLine = (status ? (status.message ?? '') : answer.text).replace(/\s+/g, ' ').trim();
  const short = oneLine.length > 200 ? `${oneLine.slice(0, 200)}...` : oneLine;
  return `${answer.status}${reason ? ` ${reason}` : ''}${short ? `: ${short}` : ''}`;
}

export interface RetryRequest {
  method: string;
  url: URL;
  /** Retries made so far for this request. */
  retries: number;
  /** Epoch ms: the request's own deadline (its timeout, counted from the first attempt). */
  deadline: number;
}

/**
 * Whether to send the request again after this answer, and after how many ms. Counts and logs
 * each retry; also logs why an answer that asked for a retry did not get one.
 */
export function planRetry(request: RetryRequest, answer: RetryableAnswer): number | undefined {
  const waitMs = retryAfterMs(answer);
  if (waitMs === undefined) return undefined;
  const scope = currentRetryScope();
  const what = `${request.method} ${request.url.pathname} answered ${describeAnswer(answer)} (Retry-After ${waitMs / 1000} s)`;
  const say = (message: string): void => scope?.write(scope.source, message);
  const deadline = Math.min(request.deadline, scope?.deadline ?? Infinity);
  const left = deadline - Date.now();
  let refusal: string | undefined;
  if (request.retries >= MAX_RETRIES) refusal = `${MAX_RETRIES} retries made already`;
  else if (waitMs > MAX_RETRY_AFTER_MS) refusal = `the wait is longer than ${MAX_RETRY_AFTER_MS / 1000} s`;
  else if (waitMs >= left)
    refusal = `the wait would pass the ${deadline === request.deadline ? 'request' : 'test'} deadline (${Math.max(0, left)} ms left)`;
  else if (scope?.signal?.aborted) refusal = 'the test has ended';
  if (refusal !== undefined) {
    say(`HTTP not retried: ${what}: ${refusal}`);
    return undefined;
  }
  if (scope) {
    scope.counter.total += 1;
    const reason = statusOf(answer.text)?.reason;
    const key = `${answer.status}${reason ? ` ${reason}` : ''}`;
    scope.counter.byAnswer[key] = (scope.counter.byAnswer[key] ?? 0) + 1;
  }
  say(
    `HTTP retry ${request.retries + 1}/${MAX_RETRIES}: ${what}` +
      (scope ? `; ${scope.counter.total} retr${scope.counter.total === 1 ? 'y' : 'ies'} in this run` : ''),
  );
  return waitMs;
}

/** Waits ms, or rejects when the request's signal or the test's aborts first. */
export function waitToRetry(ms: number, signal: AbortSignal): Promise<void> {
  const scopeSignal = currentRetryScope()?.signal;
  const stop = scopeSignal ? AbortSignal.any([signal, scopeSignal]) : signal;
  return new Promise((resolve, reject) => {
    if (stop.aborted) {
      reject(stop.reason instanceof Error ? stop.reason : new Error('aborted while waiting to retry'));
      return;
    }
    const timer = setTimeout(() => {
      stop.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(stop.reason instanceof Error ? stop.reason : new Error('aborted while waiting to retry'));
    };
    stop.addEventListener('abort', onAbort, { once: true });
  });
}

/** "3 (429 TooManyRequests: 2, 503 ServiceUnavailable: 1)" for the end of a run. */
export function describeRetries(counter: RetryCounter): string {
  const parts = Object.entries(counter.byAnswer).map(([answer, count]) => `${answer}: ${count}`);
  return `${counter.total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
