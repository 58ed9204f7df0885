import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  compareResourceVersions,
  configMap,
  configMapPath,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { AREA } from './area.js';
import { describeEvent, nextEvents, testLabel } from './watch-support.js';

export const orderPerObject: ConformanceTest = {
  id: `${AREA}/order-per-object`,
  area: AREA,
  description:
    'A watch MUST deliver the events of each object in the order of its writes (ADDED, MODIFIED..., ' +
    'DELETED), each carrying the resourceVersion the write returned, even when the writes of two objects ' +
    'interleave.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Watch, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/etcd3/watcher.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/testing/watcher_tests.go',
    'kubernetes: test/e2e/apimachinery/watch.go',
  ],
  async run(ctx) {
    const { client, namespace, signal } = ctx;
    const label = testLabel(ctx);
    const collection = configMapsPath(namespace);
    const list = expectStatusCode(
      await client.get<KubeList>(collection, { query: { labelSelector: label.selector } }),
      200,
    );
    const watch = await client.watch({
      path: collection,
      resourceVersion: list.metadata.resourceVersion,
      query: { labelSelector: label.selector },
      signal,
    });
    try {
      const expected: string[] = [];
      const create = async (name: string): Promise<ConfigMap> => {
        const created = expectStatusCode(
          await client.post<ConfigMap>(collection, configMap(name, { step: '0' }, label.labels)),
          201,
        );
        expected.push(`ADDED ${name}@${created.metadata.resourceVersion}`);
        return created;
      };
      const update = async (current: ConfigMap, step: string): Promise<ConfigMap> => {
        const name = current.metadata.name!;
        const updated = expectStatusCode(
          await client.put<ConfigMap>(configMapPath(namespace, name), { ...current, data: { step } }),
          200,
        );
        expected.push(`MODIFIED ${name}@${updated.metadata.resourceVersion}`);
        return updated;
      };
      const remove = async (name: string): Promise<void> => {
        expectStatusCode(await client.delete(configMapPath(namespace, name)), 200);
        expected.push(`DELETED ${name}`);
      };
      const a0 = await create('a');
      const b0 = await create('b');
      const a1 = await update(a0, '1');
      await update(b0, '1');
      const a2 = await update(a1, '2');
      await remove('b');
      await update(a2, '3');
      await remove('a');

      const events = await nextEvents(watch, expected.length);
      // A DELETED event carries the revision of the deletion, which the DELETE response does not.
      const seen = events.map((event) =>
        event.type === 'DELETED' ? `DELETED ${event.object.metadata.name}` : describeEvent(event),
      );
      expect(seen, 'the events in write order').to.deep.equal(expected);
      for (const name of ['a', 'b']) {
        const rvs = events
          .filter((event) => event.object.metadata.name === name)
          .map((event) => event.object.metadata.resourceVersion!);
        for (let i = 1; i < rvs.length; i += 1)
          expect(compareResourceVersions(rvs[i - 1]!, rvs[i]!), `${name}: ${rvs.join(' < ')}`).to.equal(-1);
      }
      const last = events.at(-1)!.object;
      expect(last.data, 'a DELETED event carries the last state').to.deep.equal({ step: '3' });
    } finally {
      watch.close();
    }
  },
};
