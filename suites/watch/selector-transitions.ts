import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { AREA } from './area.js';
import { describeEvent, testLabel } from './watch-support.js';

export const selectorTransitions: ConformanceTest = {
  id: `${AREA}/selector-transitions`,
  area: AREA,
  description:
    'A watch with a labelSelector MUST deliver ADDED when an update makes an object match, MODIFIED ' +
    'while it keeps matching, DELETED (with its last matching state, at the revision of the update) ' +
    'when an update makes it stop matching, and nothing for writes to it while it does not match.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Watch, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/etcd3/watcher.go',
    'kubernetes: test/e2e/apimachinery/watch.go',
  ],
  async run(ctx) {
    const { client, namespace, signal } = ctx;
    const label = testLabel(ctx);
    const collection = configMapsPath(namespace);
    const path = configMapPath(namespace, 'moving');
    const selector = `${label.selector},selected=yes`;
    const list = expectStatusCode(
      await client.get<KubeList>(collection, { query: { labelSelector: selector } }),
      200,
    );
    const watch = await client.watch({
      path: collection,
      resourceVersion: list.metadata.resourceVersion,
      query: { labelSelector: selector },
      signal,
    });
    try {
      const expected: string[] = [];
      const write = async (selected: string, step: string, event?: string): Promise<void> => {
        const current = await client.get<ConfigMap>(path);
        const body = configMap('moving', { step }, { ...label.labels, selected });
        const response =
          current.status === 404
            ? expectStatusCode(await client.post<ConfigMap>(collection, body), 201)
            : expectStatusCode(
                await client.put<ConfigMap>(path, {
                  ...body,
                  metadata: { ...current.body.metadata, labels: body.metadata.labels },
                }),
                200,
              );
        if (event) expected.push(`${event} moving@${response.metadata.resourceVersion}`);
      };
      await write('no', '1');
      await write('no', '2');
      await write('yes', '3', 'ADDED');
      await write('yes', '4', 'MODIFIED');
      await write('no', '5', 'DELETED');
      await write('no', '6');
      expectStatusCode(await client.delete(path), 200);
      // A matching object written last: whatever came before it is everything the watch sent.
      const marker = expectStatusCode(
        await client.post<ConfigMap>(
          collection,
          configMap('marker', {}, { ...label.labels, selected: 'yes' }),
        ),
        201,
      );
      expected.push(`ADDED marker@${marker.metadata.resourceVersion}`);

      const seen: string[] = [];
      const events = [];
      while (seen.length < expected.length) {
        const event = await watch.next();
        events.push(event);
        seen.push(describeEvent(event));
        if ((event.object as ConfigMap).metadata?.name === 'marker') break;
      }
      expect(seen).to.deep.equal(expected);
      // cache_watcher.go: the DELETED event carries the last matching state at the revision of the update.
      const deleted = events[2]!.object as ConfigMap;
      expect(deleted.metadata.labels?.selected, 'DELETED carries the last matching state').to.equal('yes');
      expect(deleted.data, 'DELETED carries the last matching state').to.deep.equal({ step: '4' });
    } finally {
      watch.close();
    }
  },
};
