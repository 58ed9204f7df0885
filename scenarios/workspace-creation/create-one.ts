// Creates one workspace and times it: from its start (the scheduled start in open loop) to the
// Ready phase seen on the parent's watch, and to the first successful request inside it
// (GET /clusters/<path>/api/v1/namespaces/default answering 200: the moment a user can work).
//
// The first-request poll starts once Ready is seen, not at the POST: polling every few ms while
// the server is still initialising the workspace would add load to the very thing measured.
import { setTimeout as delay } from 'node:timers/promises';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { WORKSPACES_PATH, workspaceObject } from '../../suites/framework/tenancy.js';
import type { ReadinessWatch } from './readiness-watch.js';

/**
 * kcp admits a workspace against informer caches that can lag behind a just-created parent, and
 * may shed load (429) or fail transiently (5xx): such answers are retried a few times, each one
 * counted as an error. Anything else (400, 409, 422, ...) fails the workspace at once.
 */
const RETRIED_STATUSES = [403, 404, 429, 500, 502, 503, 504];
const MAX_CREATE_ATTEMPTS = 5;
const RETRY_BACKOFF_MS = 100;

export type CreateOutcome =
  | { kind: 'ready'; path: string; createToReadyMs: number; createToFirstRequestMs: number; doneAt: number }
  | { kind: 'failed'; path: string; error: string; message: string }
  /** The run was interrupted before this workspace was done; not an error. */
  | { kind: 'aborted'; path: string };

export interface CreateOneOptions {
  /** A client at the parent workspace. */
  parent: ClusterClient;
  /** The parent's readiness watch. */
  watch: ReadinessWatch;
  /** A client at the new workspace's path. */
  own: ClusterClient;
  name: string;
  path: string;
  /** performance.now() the latencies count from: the scheduled start in open loop. */
  startedAt: number;
  readyTimeoutMs: number;
  firstRequestIntervalMs: number;
  signal: AbortSignal;
  /** Counts one error under a key such as "create 503"; also called for retried attempts. */
  onError(key: string): void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function createOne(options: CreateOneOptions): Promise<CreateOutcome> {
  const { name, path, signal } = options;
  const deadline = options.startedAt + options.readyTimeoutMs;
  const remaining = (): number => Math.max(1, deadline - performance.now());
  const failed = (error: string, text: string): CreateOutcome => {
    options.onError(error);
    return { kind: 'failed', path, error, message: text };
  };
  try {
    for (let attempt = 1; ; attempt += 1) {
      let status: number;
      let text: string;
      try {
        const response = await options.parent.post(WORKSPACES_PATH, workspaceObject(name), { signal });
        status = response.status;
        text = response.text.slice(0, 300);
      } catch (error) {
        if (signal.aborted) throw error;
        status = 0;
        text = message(error);
      }
      if (status === 201) break;
      // A retry after a lost response may find the first attempt's workspace: it was created.
      if (status === 409 && attempt > 1) break;
      // No HTTP answer: either none within the harness's request timeout (an overloaded target
      // queues rather than refuses) or a failed connection; results keep the two apart.
      const key =
        status !== 0
          ? `create ${status}`
          : / timed out after /.test(text)
            ? 'create timeout'
            : 'create network';
      const retriable = status === 0 || RETRIED_STATUSES.includes(status);
      if (!retriable || attempt >= MAX_CREATE_ATTEMPTS || performance.now() >= deadline)
        return failed(key, text);
      options.onError(`${key} (retried)`);
      await delay(RETRY_BACKOFF_MS * attempt, undefined, { signal });
    }

    let readyAt: number;
    try {
      readyAt = await options.watch.readyAt(name, remaining(), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      return failed('ready timeout', message(error));
    }

    for (;;) {
      try {
        const response = await options.own.get('/api/v1/namespaces/default', {
          signal,
          // Whole milliseconds, at least 1: AbortSignal.timeout refuses fractions and 0.
          timeoutMs: Math.max(1, Math.floor(Math.min(remaining(), 10_000))),
        });
        if (response.status === 200) {
          const doneAt = performance.now();
          return {
            kind: 'ready',
            path,
            createToReadyMs: readyAt - options.startedAt,
            createToFirstRequestMs: doneAt - options.startedAt,
            doneAt,
          };
        }
      } catch (error) {
        if (signal.aborted) throw error;
        // A timed-out or refused probe is "not yet", like a 403 or 404 while the path resolves.
      }
      if (performance.now() + options.firstRequestIntervalMs >= deadline) {
        return failed(
          'first request timeout',
          `${path} did not answer 200 within ${options.readyTimeoutMs} ms`,
        );
      }
      await delay(options.firstRequestIntervalMs, undefined, { signal });
    }
  } catch (error) {
    if (signal.aborted) return { kind: 'aborted', path };
    return failed('unexpected', message(error));
  }
}
