import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { CLUSTER_ANNOTATION } from '../framework/tenancy.js';
import { siblings } from '../logical-cluster-isolation/siblings.js';
import { AREA } from './area.js';
import { describeEvent, testLabel } from './watch-support.js';

export const workspaceIsolation: ConformanceTest = {
  id: `${AREA}/workspace-isolation`,
  area: AREA,
  description:
    "A watch over all namespaces of a workspace MUST deliver exactly that workspace's events, in " +
    'order, while a sibling workspace receives interleaved writes of objects with the same names and labels.',
  level: 'MUST',
  features: [
    Feature.Workspaces,
    Feature.Namespaces,
    Feature.ConfigMaps,
    Feature.Watch,
    Feature.LabelSelectors,
  ],
  source: [
    'kcp: docs/content/developers/internals/etcd-structure.md',
    'kcp: test/e2e/workspace/inactive_test.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/etcd3/watcher.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const { a, b, namespace } = await siblings(ctx);
    const label = testLabel(ctx);
    const query = { labelSelector: label.selector };
    const list = expectStatusCode(await a.client.get<KubeList>('/api/v1/configmaps', { query }), 200);
    const watch = await a.client.watch({
      path: '/api/v1/configmaps',
      resourceVersion: list.metadata.resourceVersion,
      query,
      signal: ctx.signal,
    });
    try {
      const expected: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const name = `cm-${i}`;
        expectStatusCode(
          await b.client.post(configMapsPath(namespace), configMap(name, {}, label.labels)),
          201,
        );
        const mine = expectStatusCode(
          await a.client.post<ConfigMap>(configMapsPath(namespace), configMap(name, {}, label.labels)),
          201,
        );
        expected.push(`ADDED ${name}@${mine.metadata.resourceVersion}`);
      }
      const seen = [];
      for (let i = 0; i < expected.length; i += 1) {
        const event = await watch.next();
        const object = event.object as ConfigMap;
        expect(
          object.metadata.annotations?.[CLUSTER_ANNOTATION],
          `${describeEvent(event)}: kcp.io/cluster`,
        ).to.equal(a.clusterName);
        seen.push(describeEvent(event));
      }
      expect(seen).to.deep.equal(expected);
      // One more write in B, then one in A: the next event must be A's.
      expectStatusCode(
        await b.client.post(configMapsPath(namespace), configMap('last', {}, label.labels)),
        201,
      );
      const last = expectStatusCode(
        await a.client.post<ConfigMap>(configMapsPath(namespace), configMap('last', {}, label.labels)),
        201,
      );
      expect(describeEvent(await watch.next())).to.equal(`ADDED last@${last.metadata.resourceVersion}`);
    } finally {
      watch.close();
    }
  },
};
