// Watch over HTTP: a chunked stream of newline-delimited JSON events (metav1.WatchEvent).
// Semantics follow kube-apiserver with WatchList on: with sendInitialEvents=true (the default
// for a resourceVersion of "" or "0") the stream starts with ADDED for every current object,
// then, if bookmarks are allowed, a BOOKMARK annotated k8s.io/initial-events-end; otherwise it
// resumes exactly after the given resourceVersion (or starts now). A compacted resourceVersion
// yields one ERROR event carrying 410 Expired. Objects that start or stop matching the
// selectors are ADDED or DELETED for this watcher, as the watch cache does.

import { badRequest, failure } from '../api/status.js';
import type { KubeObject, WatchEvent } from '../api/types.js';
import { decodeObject } from '../registry/codec.js';
import { listObjects } from '../registry/objects.js';
import { groupVersion } from '../registry/resource-type.js';
import { allClusters, clusterOf, prefixFor, type Scope } from '../registry/scope.js';
import { negotiateOutput } from '../registry/output-form.js';
import { parseIncludeObject, toTable } from '../registry/table.js';
import { CompactedError, type KeyValue, type Store, type StoreEvent } from '../storage/store.js';
import type { RequestContext } from '../server/context.js';
import { initialEventsEndAnnotation, parseWatchStart } from './watch-options.js';

export interface WatchLimits {
  /** Default stream lifetime is random in [min, 2*min) seconds, as kube's --min-request-timeout. */
  minRequestTimeoutSeconds: number;
  /** A watcher whose unsent output exceeds this is closed; the client re-watches. */
  maxBufferedBytes: number;
  /** Interval of BOOKMARK events when the client allows them. */
  bookmarkIntervalMs: number;
}

export const defaultWatchLimits: WatchLimits = {
  minRequestTimeoutSeconds: 1800,
  maxBufferedBytes: 16 * 1024 * 1024,
  bookmarkIntervalMs: 60_000,
};

function timeoutMs(query: URLSearchParams, limits: WatchLimits): number {
  const raw = query.get('timeoutSeconds');
  if (raw !== null && raw !== '') {
    if (!/^\d+$/.test(raw)) throw badRequest(`invalid timeoutSeconds: ${JSON.stringify(raw)}`);
    return Number(raw) * 1000;
  }
  const min = limits.minRequestTimeoutSeconds * 1000;
  return min + Math.floor(Math.random() * min);
}

export async function serveWatch(
  ctx: RequestContext,
  store: Store,
  scope: Scope,
  filter: (obj: KubeObject) => boolean,
  limits: WatchLimits,
  /** Which of the filtered objects' events are sent (ResourceType.watchSelect); all when absent. */
  send?: (obj: KubeObject) => boolean,
): Promise<void> {
  const q = ctx.info.query;
  const start = parseWatchStart(q);
  const lifetime = timeoutMs(q, limits);
  const table = negotiateOutput(ctx.req.headers.accept).form === 'table';
  const include = table ? parseIncludeObject(q.get('includeObject')) : 'Object';
  const bookmarks = start.bookmarks;
  const res = ctx.res;

  const encode = (obj: KubeObject): KubeObject =>
    table
      ? (toTable(scope.type, [obj], include, {
          resourceVersion: obj.metadata?.resourceVersion ?? '',
        }) as KubeObject)
      : obj;
  const decode = (kv: KeyValue) => decodeObject(kv, scope.type, clusterOf(scope, kv.key));
  // Across all clusters a namespace in the URL can only filter (keys lead with the cluster).
  const inScope =
    scope.cluster === allClusters && scope.namespace
      ? (obj: KubeObject) => obj.metadata?.namespace === scope.namespace && filter(obj)
      : filter;

  // Initial state first, when asked for; it is read at the current revision, which the store
  // (one writer) knows exactly, so a NotOlderThan revision beyond it can never be met.
  let startRevision: number;
  const initial: KubeObject[] = [];
  let tooLarge: WatchEvent | undefined;
  if (start.initialEvents) {
    const page = await listObjects(store, scope, filter);
    initial.push(...page.items);
    startRevision = page.revision;
    if (start.revision !== undefined && start.revision > page.revision) {
      // As the watch cache answers (after its short wait): an ERROR event with 504 Timeout.
      tooLarge = {
        type: 'ERROR',
        object: failure(
          504,
          'Timeout',
          `Timeout: Too large resource version: ${start.revision}, current: ${page.revision}`,
          {
            causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
            retryAfterSeconds: 1,
          },
        ),
      };
    }
  } else {
    startRevision = start.revision ?? (await store.currentRevision());
  }

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache',
  });
  res.flushHeaders();
  let closed = false;
  let lastRevision = startRevision;
  const write = (ev: WatchEvent): void => {
    if (closed) return;
    res.write(`${JSON.stringify(ev)}\n`);
    if (res.writableLength > limits.maxBufferedBytes) finish();
  };
  const timers: NodeJS.Timeout[] = [];
  let watcher: { cancel(): void } | undefined;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    watcher?.cancel();
    for (const t of timers) clearTimeout(t);
    ctx.signal?.removeEventListener('abort', finish);
    res.end();
  };
  ctx.req.once('close', finish);
  res.once('close', finish);
  // The server ends the watch (its cluster was marked inactive): a clean end of the stream, as
  // kube's watch server returns when its request context is cancelled.
  if (ctx.signal?.aborted) finish();
  else ctx.signal?.addEventListener('abort', finish, { once: true });

  if (tooLarge) {
    write(tooLarge);
    finish();
    return;
  }
  const emit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): void => {
    if (!send || send(obj)) write({ type, object: encode(obj) });
  };
  for (const obj of initial) emit('ADDED', obj);
  // The end of the initial state, for clients that allow bookmarks (kube sends it only then).
  if (start.initialEvents && bookmarks) write(bookmark(scope, startRevision, true));

  const onEvent = (e: StoreEvent): void => {
    lastRevision = e.revision;
    const obj = decode(e.kv);
    const now = inScope(obj);
    if (e.type === 'create') {
      if (now) emit('ADDED', obj);
    } else if (e.type === 'delete') {
      if (now) emit('DELETED', obj);
    } else {
      const prev = e.prev ? decode(e.prev) : undefined;
      const before = prev ? inScope(prev) : false;
      if (before && now) emit('MODIFIED', obj);
      else if (!before && now) emit('ADDED', obj);
      else if (before && !now && prev) {
        // As the watch cache (cache_watcher.go): the last state this watcher matched, at the
        // revision of the update that made it stop matching.
        prev.metadata = { ...prev.metadata, resourceVersion: String(e.revision) };
        emit('DELETED', prev);
      }
    }
  };
  try {
    watcher = store.watch(prefixFor(scope), startRevision, {
      onEvent,
      onClose: () => finish(),
    });
  } catch (e) {
    if (e instanceof CompactedError) {
      const status = failure(410, 'Expired', `too old resource version: ${startRevision} (${e.compacted})`);
      write({ type: 'ERROR', object: status });
      finish();
      return;
    }
    throw e;
  }
  if (closed) {
    watcher.cancel();
    return;
  }
  timers.push(setTimeout(finish, lifetime));
  if (bookmarks) {
    const tick = (): void => {
      write(bookmark(scope, lastRevision, false));
      timers.push(setTimeout(tick, limits.bookmarkIntervalMs).unref());
    };
    timers.push(setTimeout(tick, limits.bookmarkIntervalMs).unref());
  }
}

/** A BOOKMARK event: an empty object of the watched kind carrying only a resourceVersion. */
function bookmark(scope: Scope, revision: number, initialEventsEnd: boolean): WatchEvent {
  return {
    type: 'BOOKMARK',
    object: {
      kind: scope.type.names.kind,
      apiVersion: groupVersion(scope.type),
      metadata: {
        resourceVersion: String(revision),
        ...(initialEventsEnd ? { annotations: { [initialEventsEndAnnotation]: 'true' } } : {}),
      },
    },
  };
}
