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
import { siblings } from './siblings.js';

export const wildcardList: ConformanceTest = {
  id: `${AREA}/wildcard-list`,
  area: AREA,
  description:
    'A system:masters identity talking to a shard MUST be able to list ConfigMaps across logical clusters ' +
    '(GET /clusters/*/api/v1/configmaps), getting the objects of every workspace, each annotated ' +
    'kcp.io/cluster with the logical cluster it belongs to.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.ConfigMaps, Feature.WildcardRequests, Feature.PrivilegedIdentity],
  source: [
    'kcp: test/e2e/conformance/cross_logical_cluster_list_test.go',
    'kcp: test/e2e/authorizer/authorizer_test.go',
    'kcp: docs/content/concepts/sharding/shards.md',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const { a, b, namespace } = await siblings(ctx);
    // A label only this test uses keeps the answer to our objects on a shard with many clusters.
    const label = { 'kcp-harness.io/wildcard': ctx.uniqueName('list') };
    expectStatusCode(await a.client.post(configMapsPath(namespace), configMap('in-a', {}, label)), 201);
    expectStatusCode(await b.client.post(configMapsPath(namespace), configMap('in-b', {}, label)), 201);

    const wildcard = ctx.privileged().at(ctx.clusterUrl('*'));
    const labelSelector = Object.entries(label)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    const list = expectStatusCode(
      await wildcard.get<KubeList<ConfigMap>>('/api/v1/configmaps', { query: { labelSelector } }),
      200,
    );
    const found = list.items.map(
      (item) => `${item.metadata.annotations?.[CLUSTER_ANNOTATION]}/${item.metadata.name}`,
    );
    expect(found.sort()).to.deep.equal([`${a.clusterName}/in-a`, `${b.clusterName}/in-b`].sort());
  },
};
