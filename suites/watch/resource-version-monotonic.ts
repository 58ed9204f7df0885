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
import { nextEvents, testLabel } from './watch-support.js';

export const resourceVersionMonotonic: ConformanceTest = {
  id: `${AREA}/resource-version-monotonic`,
  area: AREA,
  description:
    'A watch over all namespaces of a workspace MUST deliver events in strictly increasing ' +
    'resourceVersion order, newer than the list it starts from, across writes to different namespaces.',
  level: 'MUST',
  features: [Feature.Namespaces, Feature.ConfigMaps, Feature.Watch, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/util/resourceversion/resourceversion.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/etcd3/watcher.go',
    'kcp: docs/content/developers/internals/etcd-structure.md',
  ],
  async run(ctx) {
    const { client, namespace, signal } = ctx;
    const label = testLabel(ctx);
    const other = ctx.uniqueName('other');
    expectStatusCode(
      await client.post('/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: other },
      }),
      201,
    );
    try {
      const list = expectStatusCode(
        await client.get<KubeList>('/api/v1/configmaps', { query: { labelSelector: label.selector } }),
        200,
      );
      const from = list.metadata.resourceVersion!;
      const watch = await client.watch({
        path: '/api/v1/configmaps',
        resourceVersion: from,
        query: { labelSelector: label.selector },
        signal,
      });
      try {
        const writes = 12;
        for (let i = 0; i < writes; i += 1) {
          const ns = i % 2 === 0 ? namespace : other;
          const name = `cm-${Math.floor(i / 2)}`;
          if (i < 8) {
            expectStatusCode(await client.post(configMapsPath(ns), configMap(name, {}, label.labels)), 201);
          } else {
            const current = expectStatusCode(await client.get<ConfigMap>(configMapPath(ns, 'cm-0')), 200);
            expectStatusCode(
              await client.put(configMapPath(ns, 'cm-0'), { ...current, data: { i: String(i) } }),
              200,
            );
          }
        }
        const events = await nextEvents(watch, writes);
        let previous = from;
        for (const [i, event] of events.entries()) {
          const rv = event.object.metadata.resourceVersion!;
          expect(
            compareResourceVersions(previous, rv),
            `event ${i} (${event.type} ${event.object.metadata.namespace}/${event.object.metadata.name}): ${previous} < ${rv}`,
          ).to.equal(-1);
          previous = rv;
        }
        expect(events.map((event) => event.object.metadata.namespace)).to.deep.equal(
          Array.from({ length: writes }, (_, i) => (i % 2 === 0 ? namespace : other)),
        );
      } finally {
        watch.close();
      }
    } finally {
      await client.delete(`/api/v1/namespaces/${other}`);
    }
  },
};
