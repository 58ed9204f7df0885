// Helpers the watch tests share: a label that keeps a test's objects apart from everything else
// in the namespace (kcp publishes kube-root-ca.crt there), and reading a fixed number of events.
import type { TestContext } from '../framework/conformance-test.js';
import type { ClusterClient } from '../framework/http/client.js';
import {
  WatchClosedByServerError,
  WatchErrorEvent,
  WatchRefusedError,
  type WatchEvent,
  type WatchStream,
} from '../framework/http/watch.js';
import {
  compareResourceVersions,
  expectStatusCode,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { seededRandom as sharedSeededRandom } from '../framework/seeded-random.js';

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

/** A seeded PRNG (mulberry32), so a failing random history can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  return sharedSeededRandom(seed).next;
}

/**
 * A watch that, like a client-go reflector, reopens from the last resourceVersion it delivered
 * when the server ends the stream (kube ends custom-resource watches when their CRD changes),
 * and relists when the reopened watch answers 410 Expired: the Kubernetes API concepts let a
 * server refuse any resumption so ("410 Gone ... the client must relist"), and kube-apiserver
 * does after a CRD change, whose new watch cache starts after the last event the client saw
 * (apiserver pkg/storage/cacher/watch_cache_history.go GetIntervalLocked). The objects the list
 * shows newer than the last event are handed out as ADDED events in resourceVersion order, as a
 * reflector's relist adds them to its store, and the watch goes on from the list. (Objects
 * deleted in the gap are not reported: the tests that use this only create.)
 */
export interface ResumingWatch {
  next(): Promise<WatchEvent>;
  /** How many times the server ended the stream and it was reopened. */
  readonly reopened: number;
  /** How many times a reopened watch was answered 410 Expired and the collection was relisted. */
  readonly relisted: number;
  close(): void;
}

export async function resumingWatch(
  client: ClusterClient,
  options: { path: string; resourceVersion: string | undefined; signal: AbortSignal },
): Promise<ResumingWatch> {
  let resourceVersion = options.resourceVersion;
  let reopened = 0;
  let relisted = 0;
  const fromList: WatchEvent[] = [];
  const open = () => client.watch({ path: options.path, resourceVersion, signal: options.signal });
  let watch = await open();
  const isExpired = (error: unknown): boolean =>
    (error instanceof WatchErrorEvent || error instanceof WatchRefusedError) && error.code === 410;
  const relist = async (): Promise<void> => {
    const list = expectStatusCode(await client.get<KubeList<ConfigMap>>(options.path), 200);
    const newer = list.items.filter(
      (item) =>
        resourceVersion === undefined ||
        compareResourceVersions(resourceVersion, item.metadata.resourceVersion!) < 0,
    );
    newer.sort((x, y) => compareResourceVersions(x.metadata.resourceVersion!, y.metadata.resourceVersion!));
    for (const object of newer)
      fromList.push({ type: 'ADDED', object: object as unknown as Record<string, unknown> });
    relisted += 1;
    resourceVersion = list.metadata.resourceVersion;
    watch = await open();
  };
  /** Reopens after the server ended the stream; relists if the resumption is refused as expired. */
  const reopen = async (): Promise<void> => {
    reopened += 1;
    try {
      watch = await open();
    } catch (error) {
      if (!isExpired(error)) throw error;
      await relist();
    }
  };
  return {
    async next() {
      for (;;) {
        const listed = fromList.shift();
        if (listed) return listed;
        try {
          const event = await watch.next();
          const rv = (event.object as ConfigMap).metadata?.resourceVersion;
          if (rv) resourceVersion = rv;
          return event;
        } catch (error) {
          if (isExpired(error) && reopened > 0) {
            watch.close();
            await relist();
          } else if (error instanceof WatchClosedByServerError) {
            await reopen();
          } else throw error;
        }
      }
    },
    get reopened() {
      return reopened;
    },
    get relisted() {
      return relisted;
    },
    close: () => watch.close(),
  };
}
