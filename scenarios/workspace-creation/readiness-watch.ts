// One watch per parent workspace on its Workspaces, telling when each child is first seen in
// phase Ready. A watch instead of polling: the time is when the server announced the change,
// and a thousand waiting workspaces cost one connection, not a thousand pollers.
//
// The watch starts from a list's resourceVersion and re-lists and re-opens when the server ends
// it or it fails (a timed-out watch, a 410 Expired), so no Ready transition is missed.
import { setTimeout as delay } from 'node:timers/promises';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import type { WatchStream } from '../../suites/framework/http/watch.js';
import { WORKSPACES_PATH, type Workspace } from '../../suites/framework/tenancy.js';

const REOPEN_BACKOFF_MS = 250;
/** next() waits this long per call; the loop simply calls again (setTimeout's maximum is 2³¹−1 ms). */
const WAIT_FOREVER_MS = 2 ** 31 - 1;

export interface ReadinessWatch {
  /**
   * performance.now() when `name` was first seen Ready (at once if it already was); rejects
   * after timeoutMs or when the signal aborts.
   */
  readyAt(name: string, timeoutMs: number, signal?: AbortSignal): Promise<number>;
  close(): void;
}

interface WorkspaceList {
  metadata?: { resourceVersion?: string };
  items?: Workspace[];
}

export async function watchReadiness(parent: ClusterClient, signal?: AbortSignal): Promise<ReadinessWatch> {
  const seenReady = new Map<string, number>();
  const waiters = new Map<string, Set<(at: number) => void>>();
  let closed = false;
  let stream: WatchStream | undefined;

  const observe = (workspace: Workspace | undefined): void => {
    const name = workspace?.metadata?.name;
    if (!name || workspace.status?.phase !== 'Ready' || seenReady.has(name)) return;
    const at = performance.now();
    seenReady.set(name, at);
    for (const resolve of waiters.get(name) ?? []) resolve(at);
    waiters.delete(name);
  };

  const list = async (): Promise<string | undefined> => {
    const response = await parent.get<WorkspaceList>(WORKSPACES_PATH, { signal });
    if (response.status !== 200)
      throw new Error(`listing workspaces in ${parent.baseUrl}: HTTP ${response.status}`);
    for (const item of response.body?.items ?? []) observe(item);
    return response.body?.metadata?.resourceVersion;
  };

  const open = async (resourceVersion: string | undefined): Promise<WatchStream> =>
    parent.watch({ path: WORKSPACES_PATH, resourceVersion, query: { allowWatchBookmarks: true }, signal });

  // The first list and watch happen before this function returns: a caller may create children
  // right away and must not miss their events.
  let resourceVersion = await list();
  stream = await open(resourceVersion);

  void (async () => {
    while (!closed) {
      try {
        stream ??= await open(resourceVersion);
        const event = await stream.next(WAIT_FOREVER_MS);
        const object = event.object as Workspace & { kind?: string; code?: number };
        if (event.type === 'ERROR') throw new Error(`watch error event: ${JSON.stringify(object)}`);
        resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
        if (event.type === 'ADDED' || event.type === 'MODIFIED') observe(object);
      } catch {
        stream?.close();
        stream = undefined;
        if (closed || signal?.aborted) return;
        // Whatever ended it (timeout, 410 Expired, a dropped connection): list again, then watch.
        await delay(REOPEN_BACKOFF_MS);
        resourceVersion = await list().catch(() => resourceVersion);
      }
    }
  })();

  return {
    readyAt(name, timeoutMs, waitSignal) {
      const known = seenReady.get(name);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise<number>((resolve, reject) => {
        const entry = waiters.get(name) ?? new Set();
        waiters.set(name, entry);
        const done = (at: number): void => {
          clearTimeout(timer);
          waitSignal?.removeEventListener('abort', onAbort);
          resolve(at);
        };
        const fail = (error: Error): void => {
          entry.delete(done);
          waitSignal?.removeEventListener('abort', onAbort);
          reject(error);
        };
        const onAbort = (): void => {
          clearTimeout(timer);
          fail(waitSignal?.reason instanceof Error ? waitSignal.reason : new Error('aborted'));
        };
        const timer = setTimeout(
          () => fail(new Error(`${name} not Ready within ${timeoutMs} ms`)),
          timeoutMs,
        );
        entry.add(done);
        waitSignal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    close() {
      closed = true;
      stream?.close();
    },
  };
}
