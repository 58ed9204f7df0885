import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMapsPath, expectStatusCode, type KubeList } from '../framework/kube.js';
import { AREA } from './area.js';
import { eventKey, History } from './history.js';
import { nextEvents, testLabel } from './watch-support.js';

export const resumeExact: ConformanceTest = {
  id: `${AREA}/resume-exact`,
  area: AREA,
  description:
    'A watch resumed from the resourceVersion of the last event a client received MUST continue with ' +
    'exactly the following events, including those written while no watch was open: none lost, none ' +
    'repeated.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Watch, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/client-go/tools/cache/reflector.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/testing/watcher_tests.go',
    'kubernetes: test/e2e/apimachinery/watch.go',
  ],
  async run(ctx) {
    const { client, namespace, signal } = ctx;
    const label = testLabel(ctx);
    const collection = configMapsPath(namespace);
    const query = { labelSelector: label.selector };
    const history = new History(client, namespace, label.labels);
    const list = expectStatusCode(await client.get<KubeList>(collection, { query }), 200);

    const first = await client.watch({
      path: collection,
      resourceVersion: list.metadata.resourceVersion,
      query,
      signal,
    });
    let received;
    try {
      for (const name of ['a', 'b', 'c']) await history.create(name);
      await history.update('a');
      await history.delete('b');
      received = await nextEvents(first, 5);
    } finally {
      first.close();
    }
    // Written with no watch open: the resumed watch must replay them.
    await history.update('c');
    await history.create('d');
    await history.delete('a');
    const resumeFrom = received.at(-1)!.object.metadata.resourceVersion!;
    const second = await client.watch({ path: collection, resourceVersion: resumeFrom, query, signal });
    try {
      await history.update('d');
      const rest = await nextEvents(second, 4);
      await history.create('marker');
      const after = await second.next();
      expect(
        [...received, ...rest, after].map(eventKey),
        `first watch from ${list.metadata.resourceVersion ?? ''}, resumed from ${resumeFrom}`,
      ).to.deep.equal(history.writes.map((write) => write.expected));
    } finally {
      second.close();
    }
  },
};
