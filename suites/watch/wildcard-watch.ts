// The wildcard watch (/clusters/*/...) is what kcp's own controllers run on: one stream of a
// resource across every logical cluster of the shard, each object naming its cluster.
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

export const wildcardWatch: ConformanceTest = {
  id: `${AREA}/wildcard-watch`,
  area: AREA,
  description:
    'A system:masters watch of /clusters/*/api/v1/configmaps on a shard MUST deliver the events of every ' +
    'logical cluster, each object annotated kcp.io/cluster with its own cluster, in the order of the writes; ' +
    'and resuming it from a resourceVersion of its list MUST replay exactly the later events.',
  level: 'MUST',
  features: [
    Feature.Workspaces,
    Feature.ConfigMaps,
    Feature.Watch,
    Feature.LabelSelectors,
    Feature.WildcardRequests,
    Feature.PrivilegedIdentity,
  ],
  source: [
    'kcp: docs/content/concepts/sharding/shards.md',
    'kcp: test/e2e/conformance/cross_logical_cluster_list_test.go',
    'kcp: pkg/server/filters/wildcard.go',
  ],
  deadline: workspaceDeadline(1),
  serial:
    'it watches every logical cluster of the shard and resumes from a resourceVersion that the writes ' +
    "of tests running beside it would push towards the end of the server's watch history",
  async run(ctx) {
    const { a, b, namespace } = await siblings(ctx);
    const value = ctx.uniqueName('ww');
    const labels = { 'kcp-harness/wildcard-watch': value };
    const query = { labelSelector: `kcp-harness/wildcard-watch=${value}` };
    const wildcard = ctx.privileged().at(ctx.clusterUrl('*'));
    const list = expectStatusCode(await wildcard.get<KubeList>('/api/v1/configmaps', { query }), 200);
    const watch = await wildcard.watch({
      path: '/api/v1/configmaps',
      resourceVersion: list.metadata.resourceVersion,
      query,
      signal: ctx.signal,
    });
    const expected: string[] = [];
    try {
      for (const [side, name] of [
        [a, 'one'],
        [b, 'two'],
        [a, 'three'],
        [b, 'four'],
      ] as const) {
        const created = expectStatusCode(
          await side.client.post<ConfigMap>(configMapsPath(namespace), configMap(name, {}, labels)),
          201,
        );
        expected.push(`ADDED ${side.clusterName}/${name}@${created.metadata.resourceVersion}`);
      }
      const seen: string[] = [];
      for (let i = 0; i < expected.length; i += 1) {
        const event = await watch.next();
        const object = event.object as ConfigMap;
        seen.push(
          `${event.type} ${object.metadata.annotations?.[CLUSTER_ANNOTATION]}/${object.metadata.name}@${object.metadata.resourceVersion}`,
        );
      }
      expect(seen).to.deep.equal(expected);
    } finally {
      watch.close();
    }

    // Resume after the first event: the three later ones, nothing else.
    const resumeFrom = expected[0]!.split('@')[1]!;
    const resumed = await wildcard.watch({
      path: '/api/v1/configmaps',
      resourceVersion: resumeFrom,
      query,
      signal: ctx.signal,
    });
    try {
      const replay: string[] = [];
      for (let i = 1; i < expected.length; i += 1) {
        const event = await resumed.next();
        const object = event.object as ConfigMap;
        replay.push(
          `${event.type} ${object.metadata.annotations?.[CLUSTER_ANNOTATION]}/${object.metadata.name}@${object.metadata.resourceVersion}`,
        );
      }
      expect(replay).to.deep.equal(expected.slice(1));
    } finally {
      resumed.close();
    }
  },
};
