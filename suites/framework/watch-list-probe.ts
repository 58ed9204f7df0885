// Whether the target streams lists (the WatchList feature gate, KEP-3157): a watch with
// sendInitialEvents=true must send the initial state and then a BOOKMARK annotated
// k8s.io/initial-events-end: "true". An HTTP 200 alone proves nothing: a server may accept the
// request and then send an ERROR event as its first (kcp does when its storage cannot serve
// it), or ignore the parameters and stream a plain watch without the bookmark. Only the bookmark
// counts.
import type { ClusterClient } from './http/client.js';
import {
  WatchClosedByServerError,
  WatchRefusedError,
  type WatchEvent,
  type WatchStatus,
  type WatchStream,
} from './http/watch.js';

export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** Matches no namespace, so the initial state is empty and the bookmark comes first. */
const PROBE_SELECTOR = 'kcp-harness.io/watch-list-probe=none';

export interface WatchListProbe {
  supported: boolean;
  /** What the stream did, e.g. "watch-list probe got the initial-events-end bookmark ...". */
  evidence: string;
}

const describeStatus = (status: WatchStatus): string =>
  `${status.code ?? '?'} ${status.reason ?? ''}: ${status.message ?? JSON.stringify(status)}`;

function isEndBookmark(event: WatchEvent): boolean {
  const metadata = (event.object as { metadata?: { annotations?: Record<string, string> } }).metadata;
  return event.type === 'BOOKMARK' && metadata?.annotations?.[INITIAL_EVENTS_END] === 'true';
}

/** Reads the probe stream until it shows the bookmark, an ERROR, its end or the deadline. */
async function readUntilBookmark(watch: WatchStream, timeoutMs: number): Promise<WatchListProbe> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return {
        supported: false,
        evidence: `watch-list probe got no ${INITIAL_EVENTS_END} bookmark within ${timeoutMs} ms (${seen} other events)`,
      };
    }
    let event: WatchEvent;
    try {
      event = await watch.next(remaining);
    } catch (error) {
      if (error instanceof WatchClosedByServerError) {
        return {
          supported: false,
          evidence: `watch-list probe stream ended without the ${INITIAL_EVENTS_END} bookmark (${seen} other events)`,
        };
      }
      if (/^no watch event within/.test(error instanceof Error ? error.message : '')) continue;
      throw error;
    }
    if (event.type === 'ERROR') {
      return {
        supported: false,
        evidence: `watch-list probe stream's ${seen === 0 ? 'first event' : `event ${seen + 1}`} was ERROR: ${describeStatus(event.object as WatchStatus)}`,
      };
    }
    if (isEndBookmark(event)) {
      const rv = (event.object as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
      return {
        supported: true,
        evidence: `watch-list probe got the ${INITIAL_EVENTS_END} bookmark (resourceVersion ${rv ?? '?'}, after ${seen} other events)`,
      };
    }
    seen += 1;
  }
}

/** Opens a watch list of the namespaces (matching none) and says what came of it. */
export async function probeWatchList(
  client: ClusterClient,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<WatchListProbe> {
  let watch: WatchStream;
  try {
    watch = await client.watch({
      path: '/api/v1/namespaces',
      query: {
        labelSelector: PROBE_SELECTOR,
        sendInitialEvents: 'true',
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: 'true',
        // The server ends the stream too, should the test's close be lost.
        timeoutSeconds: Math.ceil(timeoutMs / 1000) + 1,
      },
      errorEvents: 'deliver',
      signal,
    });
  } catch (error) {
    if (error instanceof WatchRefusedError) {
      // kube-apiserver with the gate off: 422 Invalid (sendInitialEvents is forbidden).
      return {
        supported: false,
        evidence: `watch-list probe refused: ${error.message.replace(/^watch \S+: /, '')}`,
      };
    }
    throw error;
  }
  try {
    return await readUntilBookmark(watch, timeoutMs);
  } finally {
    watch.close();
  }
}
