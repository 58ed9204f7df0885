// Binds one consumer workspace to the export and times it: from the POST of the APIBinding to
// the moment its phase Bound is seen. The watch (the consumer's apibindings, fieldSelector
// metadata.name, no wildcard across workspaces, so it works on kcp as on the reference server)
// opens before the POST, so no transition is missed, and the time is when the server announced
// the change rather than a poll's rounding. A GET every BACKUP_POLL_MS guards against a watch
// that stays silent; should the watch fail, GETs every FALLBACK_POLL_MS take over. Which one saw
// Bound is counted, so a result can say how its times were taken.
import { setTimeout as delay } from 'node:timers/promises';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import type { WatchStream } from '../../suites/framework/http/watch.js';
import { BINDING_NAME, BINDINGS_PATH, binding } from './manifests.js';

/** As workspace creation: answers a retry may change (caches lagging behind a new export, load shedding). */
const RETRIED_STATUSES = [403, 404, 429, 500, 502, 503, 504];
const MAX_CREATE_ATTEMPTS = 5;
const RETRY_BACKOFF_MS = 100;
const BACKUP_POLL_MS = 250;
const FALLBACK_POLL_MS = 10;

interface BindingObject {
  status?: { phase?: string };
}

export type BindOutcome =
  | { kind: 'bound'; ms: number; seenBy: 'watch' | 'poll' }
  | { kind: 'failed'; error: string; message: string }
  | { kind: 'aborted' };

export interface BindOptions {
  /** A client at the consumer workspace. */
  consumer: ClusterClient;
  providerPath: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Counts one error (a retried answer too) under a key such as "bind create 403". */
  onError(key: string): void;
}

const isBound = (object: unknown): boolean =>
  (object as BindingObject | undefined)?.status?.phase === 'Bound';
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function openBindingWatch(options: BindOptions): Promise<WatchStream | undefined> {
  try {
    return await options.consumer.watch({
      path: BINDINGS_PATH,
      query: { fieldSelector: `metadata.name=${BINDING_NAME}` },
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal.aborted) throw error;
    options.onError('bind watch refused');
    return undefined;
  }
}

async function readPhaseBound(options: BindOptions): Promise<boolean> {
  const response = await options.consumer.get<BindingObject>(`${BINDINGS_PATH}/${BINDING_NAME}`, {
    signal: options.signal,
  });
  return response.status === 200 && isBound(response.body);
}

export async function bindOne(options: BindOptions): Promise<BindOutcome> {
  const { signal } = options;
  const fail = (error: string, text: string): BindOutcome => {
    options.onError(error);
    return { kind: 'failed', error, message: text };
  };
  let watch: WatchStream | undefined;
  try {
    watch = await openBindingWatch(options);
    const started = performance.now();
    const deadline = started + options.timeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      let status = 0;
      let text = '';
      try {
        const response = await options.consumer.post<BindingObject>(
          BINDINGS_PATH,
          binding(options.providerPath),
          { signal },
        );
        status = response.status;
        text = response.text.slice(0, 300);
        if (status === 201 && isBound(response.body))
          return { kind: 'bound', ms: performance.now() - started, seenBy: 'poll' };
      } catch (error) {
        if (signal.aborted) throw error;
        text = message(error);
      }
      if (status === 201 || (status === 409 && attempt > 1)) break;
      const key = `bind create ${status || 'no answer'}`;
      if (!RETRIED_STATUSES.includes(status) && status !== 0) return fail(key, text);
      if (attempt >= MAX_CREATE_ATTEMPTS || performance.now() > deadline) return fail(key, text);
      options.onError(`${key} (retried)`);
      await delay(RETRY_BACKOFF_MS * attempt, undefined, { signal });
    }
    let backupAt = performance.now() + BACKUP_POLL_MS;
    for (;;) {
      const now = performance.now();
      if (now > deadline)
        return fail('bind timeout', `not Bound within ${options.timeoutMs} ms (POST → phase Bound)`);
      if (watch) {
        try {
          const event = await watch.next(Math.max(1, Math.min(backupAt, deadline) - now));
          if ((event.type === 'ADDED' || event.type === 'MODIFIED') && isBound(event.object))
            return { kind: 'bound', ms: performance.now() - started, seenBy: 'watch' };
          continue;
        } catch (error) {
          if (signal.aborted) throw error;
          // A quiet interval ends next() with "no watch event within"; anything else ended the watch.
          if (!message(error).startsWith('no watch event within')) {
            options.onError('bind watch ended');
            watch.close();
            watch = undefined;
          }
        }
        if (performance.now() < backupAt) continue;
        backupAt = performance.now() + BACKUP_POLL_MS;
      } else {
        await delay(FALLBACK_POLL_MS, undefined, { signal });
      }
      if (await readPhaseBound(options))
        return { kind: 'bound', ms: performance.now() - started, seenBy: 'poll' };
    }
  } catch (error) {
    if (signal.aborted) return { kind: 'aborted' };
    return fail('bind failed', message(error));
  } finally {
    watch?.close();
  }
}
