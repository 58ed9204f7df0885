import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { WatchStream } from '../framework/http/watch.js';
import { configMapsPath, expectStatusCode, type KubeList } from '../framework/kube.js';
import { AREA } from './area.js';
import { eventKey, History } from './history.js';
import { seededRandom, testLabel } from './watch-support.js';

const WATCHERS = 20;
const OBJECTS = 100;
const WRITES = 260;

interface Watcher {
  stream: WatchStream;
  /** Index in history.writes of the first write this watcher must see. */
  from: number;
  resourceVersion: string;
}

export const concurrentWatchers: ConformanceTest = {
  id: `${AREA}/concurrent-watchers`,
  area: AREA,
  description:
    `${WATCHERS} watchers started at different resourceVersions of a random history of creates, updates ` +
    `and deletes of ${OBJECTS} objects MUST each receive exactly the events of the writes after its ` +
    'start, in write order: none lost, repeated or reordered.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Watch, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/testing/watcher_tests.go',
    'kubernetes: test/e2e/apimachinery/watch.go',
  ],
  deadline: (timeouts) => timeouts.test * 2,
  async run(ctx) {
    const { client, namespace, signal } = ctx;
    const seed = Date.now() % 1_000_000;
    ctx.log(`random history seed ${seed}`);
    const random = seededRandom(seed);
    const label = testLabel(ctx);
    const collection = configMapsPath(namespace);
    const query = { labelSelector: label.selector };
    const history = new History(client, namespace, label.labels);
    const list = expectStatusCode(await client.get<KubeList>(collection, { query }), 200);

    // Watchers start at distinct random points of the history, the first one before any write.
    const startsAt = new Set([0]);
    while (startsAt.size < WATCHERS) startsAt.add(Math.floor(random() * WRITES));
    const watchers: Watcher[] = [];
    let created = 0;
    // The last write whose response told its resourceVersion (a DELETE response does not): a
    // watcher started there must see every write after it.
    let resourceVersion = list.metadata.resourceVersion!;
    let from = 0;
    try {
      for (let i = 0; i < WRITES; i += 1) {
        if (startsAt.has(i)) {
          const stream = await client.watch({ path: collection, resourceVersion, query, signal });
          watchers.push({ stream, from, resourceVersion });
        }
        const names = history.names();
        const roll = random();
        if (names.length === 0 || (created < OBJECTS && roll < 0.5)) {
          await history.create(`cm-${created}`);
          created += 1;
        } else if (roll < 0.8) {
          await history.update(names[Math.floor(random() * names.length)]!);
        } else {
          await history.delete(names[Math.floor(random() * names.length)]!);
        }
        const rv = history.writes.at(-1)!.resourceVersion;
        if (rv) {
          resourceVersion = rv;
          from = history.writes.length;
        }
      }
      await history.create('marker');
      const all = history.writes.map((write) => write.expected);
      await Promise.all(
        watchers.map(async (watcher, n) => {
          const expected = all.slice(watcher.from);
          const received: string[] = [];
          while (received.length < expected.length) received.push(eventKey(await watcher.stream.next()));
          expect(
            received,
            `watcher ${n} from resourceVersion ${watcher.resourceVersion} (seed ${seed})`,
          ).to.deep.equal(expected);
        }),
      );
    } finally {
      for (const watcher of watchers) watcher.stream.close();
    }
  },
};
