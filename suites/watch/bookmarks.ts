import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  compareResourceVersions,
  configMap,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { AREA } from './area.js';
import { testLabel } from './watch-support.js';

/** kube-apiserver's watch cache sends a bookmark about once a minute (cacher.go bookmarkFrequency). */
const BOOKMARK_WAIT_MS = 90_000;

export const bookmarks: ConformanceTest = {
  id: `${AREA}/bookmarks`,
  area: AREA,
  description:
    'A watch with allowWatchBookmarks=true that stays open MUST receive a BOOKMARK event within about a ' +
    'minute: an object of the watched kind whose metadata holds only a resourceVersion not older than ' +
    'the events delivered before it.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Watch, Feature.WatchBookmarks, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go',
    'kubernetes: test/e2e/apimachinery/watchlist.go',
  ],
  deadline: (timeouts) => timeouts.test + BOOKMARK_WAIT_MS,
  slow: 'it waits for the periodic BOOKMARK, about a minute',
  async run(ctx) {
    const { client, namespace, signal } = ctx;
    const label = testLabel(ctx);
    const collection = configMapsPath(namespace);
    const query = { labelSelector: label.selector };
    const list = expectStatusCode(await client.get<KubeList>(collection, { query }), 200);
    const watch = await client.watch({
      path: collection,
      resourceVersion: list.metadata.resourceVersion,
      query: { ...query, allowWatchBookmarks: 'true' },
      signal,
    });
    try {
      const created = expectStatusCode(
        await client.post<ConfigMap>(collection, configMap('before-bookmark', {}, label.labels)),
        201,
      );
      const added = await watch.next();
      expect(added.type).to.equal('ADDED');
      const started = Date.now();
      const bookmark = await watch.nextMatching((event) => event.type === 'BOOKMARK', BOOKMARK_WAIT_MS);
      ctx.log(`BOOKMARK after ${Date.now() - started} ms: ${JSON.stringify(bookmark.object)}`);
      const object = bookmark.object as ConfigMap;
      expect(object).to.include({ kind: 'ConfigMap', apiVersion: 'v1' });
      expect(Object.keys(object.metadata), 'BOOKMARK metadata fields').to.deep.equal(['resourceVersion']);
      expect(
        compareResourceVersions(created.metadata.resourceVersion!, object.metadata.resourceVersion!),
        'bookmark resourceVersion not older than the ADDED event',
      ).to.be.at.most(0);
    } finally {
      watch.close();
    }
  },
};
