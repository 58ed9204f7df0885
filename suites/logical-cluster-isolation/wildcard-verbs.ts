import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMap, configMapPath, configMapsPath, expectFailureStatus } from '../framework/kube.js';
import { AREA } from './area.js';

export const wildcardVerbs: ConformanceTest = {
  id: `${AREA}/wildcard-only-list-and-watch`,
  area: AREA,
  description:
    'In the * logical cluster only list and watch are allowed: get, create, update and delete MUST answer ' +
    '405 MethodNotAllowed, even for a system:masters identity.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.ConfigMaps, Feature.WildcardRequests, Feature.PrivilegedIdentity],
  source: ['kcp: pkg/server/filters/wildcard.go', 'kcp: docs/content/concepts/sharding/shards.md'],
  async run(ctx) {
    const wildcard = ctx.privileged().at(ctx.clusterUrl('*'));
    const { namespace } = ctx;
    const item = configMapPath(namespace, 'anything');
    expectFailureStatus(await wildcard.get(item), 405, 'MethodNotAllowed');
    expectFailureStatus(
      await wildcard.post(configMapsPath(namespace), configMap('anything')),
      405,
      'MethodNotAllowed',
    );
    expectFailureStatus(await wildcard.put(item, configMap('anything')), 405, 'MethodNotAllowed');
    expectFailureStatus(await wildcard.delete(item), 405, 'MethodNotAllowed');
  },
};
