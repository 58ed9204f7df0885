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
import { AREA } from './area.js';
import { siblings, type Side } from './siblings.js';

export const listScoped: ConformanceTest = {
  id: `${AREA}/list-is-scoped`,
  area: AREA,
  description:
    "A list in a workspace, namespaced or across all its namespaces, MUST return only that workspace's " +
    'objects, never those of a sibling workspace with the same namespace and labels.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps, Feature.LabelSelectors],
  source: [
    'kcp: test/e2e/conformance/cross_logical_cluster_list_test.go',
    'kcp: docs/content/developers/internals/etcd-structure.md',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const { a, b, namespace } = await siblings(ctx);
    const label = { 'kcp-harness.io/isolation': ctx.uniqueName('list') };
    const labelSelector = Object.entries(label)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    const names = { a: ['a-one', 'a-two'], b: ['b-one'] };
    for (const [side, list] of [
      [a, names.a],
      [b, names.b],
    ] as const) {
      for (const name of list)
        expectStatusCode(await side.client.post(configMapsPath(namespace), configMap(name, {}, label)), 201);
    }

    const expectOnly = async (side: Side, path: string, expected: string[]): Promise<void> => {
      const list = expectStatusCode(
        await side.client.get<KubeList<ConfigMap>>(path, { query: { labelSelector } }),
        200,
      );
      expect(list.items.map((item) => item.metadata.name).sort(), `${path} in ${side.path}`).to.deep.equal(
        expected,
      );
      for (const item of list.items)
        expect(item.metadata.annotations?.[CLUSTER_ANNOTATION], item.metadata.name).to.equal(
          side.clusterName,
        );
    };
    for (const path of [configMapsPath(namespace), '/api/v1/configmaps']) {
      await expectOnly(a, path, names.a);
      await expectOnly(b, path, names.b);
    }
  },
};
