import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { WatchEvent } from '../framework/http/watch.js';
import {
  compareResourceVersions,
  configMap,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
} from '../framework/kube.js';
import { AREA } from './area.js';
import { testLabel } from './watch-support.js';

export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** One test per way to say where the initial state starts: "" (consistent read) or a resourceVersion. */
function initialEventsTest(variant: 'now' | 'not-older-than'): ConformanceTest {
  return {
    id: `${AREA}/initial-events-${variant}`,
    area: AREA,
    description:
      'A watch with sendInitialEvents=true, resourceVersionMatch=NotOlderThan and allowWatchBookmarks=true' +
      (variant === 'now' ? ' and no resourceVersion' : ' and the resourceVersion of the last write') +
      ' MUST start with one ADDED event per current object, then a BOOKMARK annotated ' +
      'k8s.io/initial-events-end: "true" at a resourceVersion not older than those objects, then live events.',
    level: 'MUST',
    features: [Feature.ConfigMaps, Feature.Watch, Feature.WatchList, Feature.LabelSelectors],
    source: [
      'kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go',
      'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go',
      'kubernetes: test/e2e/apimachinery/watchlist.go',
    ],
    async run(ctx) {
      const { client, namespace, signal } = ctx;
      const label = testLabel(ctx);
      const collection = configMapsPath(namespace);
      const created: ConfigMap[] = [];
      for (const name of ['one', 'two', 'three']) {
        created.push(
          expectStatusCode(await client.post<ConfigMap>(collection, configMap(name, {}, label.labels)), 201),
        );
      }
      const last = created.at(-1)!.metadata.resourceVersion!;
      const watch = await client.watch({
        path: collection,
        ...(variant === 'not-older-than' ? { resourceVersion: last } : {}),
        query: {
          labelSelector: label.selector,
          sendInitialEvents: 'true',
          resourceVersionMatch: 'NotOlderThan',
          allowWatchBookmarks: 'true',
        },
        signal,
      });
      try {
        const initial: WatchEvent<ConfigMap>[] = [];
        for (let i = 0; i < created.length; i += 1)
          initial.push((await watch.next()) as WatchEvent<ConfigMap>);
        expect(initial.map((event) => event.type)).to.deep.equal(['ADDED', 'ADDED', 'ADDED']);
        expect(initial.map((event) => event.object.metadata.name).sort()).to.deep.equal([
          'one',
          'three',
          'two',
        ]);
        for (const event of initial) {
          const mine = created.find((object) => object.metadata.name === event.object.metadata.name)!;
          expect(event.object.metadata.resourceVersion).to.equal(mine.metadata.resourceVersion);
        }

        const end = (await watch.next()) as WatchEvent<ConfigMap>;
        expect(end.type, JSON.stringify(end)).to.equal('BOOKMARK');
        expect(end.object.metadata.annotations).to.deep.equal({ [INITIAL_EVENTS_END]: 'true' });
        const bookmarkRv = end.object.metadata.resourceVersion!;
        expect(
          compareResourceVersions(last, bookmarkRv),
          `last write ${last} <= bookmark ${bookmarkRv}`,
        ).to.be.at.most(0);

        const live = expectStatusCode(
          await client.post<ConfigMap>(collection, configMap('live', {}, label.labels)),
          201,
        );
        // allowWatchBookmarks also asks for periodic bookmarks (about once a minute), which may
        // come before the live event: seen on kcp v0.32 under load. They carry no annotation.
        let next = (await watch.next()) as WatchEvent<ConfigMap>;
        while (next.type === 'BOOKMARK') {
          expect(next.object.metadata.annotations ?? {}, JSON.stringify(next)).to.not.have.property(
            INITIAL_EVENTS_END,
          );
          next = (await watch.next()) as WatchEvent<ConfigMap>;
        }
        expect([next.type, next.object.metadata.name, next.object.metadata.resourceVersion]).to.deep.equal([
          'ADDED',
          'live',
          live.metadata.resourceVersion,
        ]);
        expect(compareResourceVersions(bookmarkRv, live.metadata.resourceVersion!)).to.equal(-1);
      } finally {
        watch.close();
      }
    },
  };
}

export const initialEventsNow = initialEventsTest('now');
export const initialEventsNotOlderThan = initialEventsTest('not-older-than');
