import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMapsPath, type Status } from '../framework/kube.js';
import { AREA } from './area.js';
import { eventKey, History } from './history.js';
import { testLabel } from './watch-support.js';

export const expiredResourceVersion: ConformanceTest = {
  id: `${AREA}/expired-resource-version`,
  area: AREA,
  description:
    'A watch from resourceVersion "1" MUST either replay every later event of the watched objects in ' +
    'order or, when that history is gone (compacted), be answered with a 410 Expired Status (as HTTP ' +
    'status or as a first ERROR event), never with a partial history.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Watch, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/etcd3/watcher.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go',
  ],
  async run(ctx) {
    const { client, namespace, signal } = ctx;
    const label = testLabel(ctx);
    const collection = configMapsPath(namespace);
    const history = new History(client, namespace, label.labels);
    await history.create('old');
    await history.update('old');
    await history.delete('old');
    await history.create('kept');

    const query = { labelSelector: label.selector, watch: 'true', resourceVersion: '1', timeoutSeconds: '1' };
    // Open as a plain request first: a server may refuse the watch outright with HTTP 410.
    const plain = await client.get<Status>(collection, { query });
    if (plain.status === 410) {
      expect(plain.body, plain.text).to.include({ kind: 'Status', code: 410, reason: 'Expired' });
      return;
    }
    expect(plain.status, plain.text).to.equal(200);
    const watch = await client.watch({
      path: collection,
      resourceVersion: '1',
      query: { labelSelector: label.selector },
      // The 410 this test accepts arrives as the first event.
      errorEvents: 'deliver',
      signal,
    });
    try {
      const first = await watch.next();
      if (first.type === 'ERROR') {
        ctx.log(`history from resourceVersion 1 is gone: ${JSON.stringify(first.object)}`);
        expect(first.object, 'the ERROR event').to.include({
          kind: 'Status',
          status: 'Failure',
          code: 410,
          reason: 'Expired',
        });
        return;
      }
      ctx.log('the server still holds the history from resourceVersion 1: it must replay it whole');
      const events = [first];
      for (let i = 1; i < history.writes.length; i += 1) events.push(await watch.next());
      expect(events.map(eventKey)).to.deep.equal(history.writes.map((write) => write.expected));
    } finally {
      watch.close();
    }
  },
};
