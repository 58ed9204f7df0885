// Helpers the watch tests share: a label that keeps a test's objects apart from everything else
// in the namespace (kcp publishes kube-root-ca.crt there), and reading a fixed number of events.
import type { TestContext } from '../framework/conformance-test.js';
import type { ClusterClient } from '../framework/http/client.js';
import { WatchClosedByServerError, type WatchEvent, type WatchStream } from '../framework/http/watch.js';
import type { ConfigMap } from '../framework/kube.js';

export interface TestLabel {
  labels: Record<string, string>;
  /** The labelSelector that matches exactly the test's objects. */
  selector: string;
}

export function testLabel(ctx: TestContext): TestLabel {
  const value = ctx.uniqueName('w');
  return { labels: { 'kcp-harness/watch': value }, selector: `kcp-harness/watch=${value}` };
}

/** The next `count` events, each within the watchEvent timeout. */
export async function nextEvents(watch: WatchStream, count: number): Promise<WatchEvent<ConfigMap>[]> {
  const events: WatchEvent<ConfigMap>[] = [];
  for (let i = 0; i < count; i += 1) events.push((await watch.next()) as WatchEvent<ConfigMap>);
  return events;
}

/** "ADDED a@12", for comparing whole event sequences in one assertion. */
export function describeEvent(event: WatchEvent): string {
  const object = event.object as ConfigMap;
  return `${event.type} ${object.metadata?.name ?? '?'}@${object.metadata?.resourceVersion ?? '?'}`;
}

/** A small seeded PRNG (mulberry32), so a failing random history can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A watch that, like a client-go reflector, reopens from the last resourceVersion it delivered
 * when the server ends the stream (kube ends custom-resource watches when their CRD changes).
 */
export interface ResumingWatch {
  next(): Promise<WatchEvent>;
  /** How many times the server ended the stream and it was reopened. */
  readonly reopened: number;
  close(): void;
}

export async function resumingWatch(
  client: ClusterClient,
  options: { path: string; resourceVersion: string | undefined; signal: AbortSignal },
): Promise<ResumingWatch> {
  let resourceVersion = options.resourceVersion;
  let reopened = 0;
  let watch = await client.watch({ path: options.path, resourceVersion, signal: options.signal });
  return {
    async next() {
      for (;;) {
        try {
          const event = await watch.next();
          const rv = (event.object as ConfigMap).metadata?.resourceVersion;
          if (rv) resourceVersion = rv;
          return event;
        } catch (error) {
          if (!(error instanceof WatchClosedByServerError)) throw error;
          reopened += 1;
          watch = await client.watch({ path: options.path, resourceVersion, signal: options.signal });
        }
      }
    },
    get reopened() {
      return reopened;
    },
    close: () => watch.close(),
  };
}
