import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
} from '../framework/kube.js';
import { CLUSTER_ANNOTATION } from '../framework/tenancy.js';
import { AREA } from './area.js';
import { siblings } from './siblings.js';

export const sameNames: ConformanceTest = {
  id: `${AREA}/same-names-independent`,
  area: AREA,
  description:
    'Two sibling workspaces MUST be able to hold a namespace and a ConfigMap of the same names as ' +
    'independent objects (own uid, own kcp.io/cluster): updating or deleting one MUST leave the other ' +
    'unchanged.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/conformance/cross_logical_cluster_list_test.go',
    'kcp: test/e2e/authorizer/serviceaccounts_test.go',
    'kcp: docs/content/developers/internals/etcd-structure.md',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const { a, b, namespace } = await siblings(ctx);
    const name = 'same-name';
    const path = configMapPath(namespace, name);
    const inA = expectStatusCode(
      await a.client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { side: 'a' })),
      201,
    );
    const inB = expectStatusCode(
      await b.client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { side: 'b' })),
      201,
    );
    expect(inA.metadata.uid, 'uids of the two objects').not.to.equal(inB.metadata.uid);
    expect(inA.metadata.annotations?.[CLUSTER_ANNOTATION]).to.equal(a.clusterName);
    expect(inB.metadata.annotations?.[CLUSTER_ANNOTATION]).to.equal(b.clusterName);

    expectStatusCode(await a.client.put<ConfigMap>(path, { ...inA, data: { side: 'a', step: '2' } }), 200);
    const bAfterUpdate = expectStatusCode(await b.client.get<ConfigMap>(path), 200);
    expect(bAfterUpdate.data, `${b.path} after updating ${a.path}`).to.deep.equal({ side: 'b' });
    expect(bAfterUpdate.metadata.resourceVersion).to.equal(inB.metadata.resourceVersion);

    expectStatusCode(await a.client.delete(path), 200);
    const bAfterDelete = expectStatusCode(await b.client.get<ConfigMap>(path), 200);
    expect(bAfterDelete.metadata.uid, `${b.path} after deleting in ${a.path}`).to.equal(inB.metadata.uid);
  },
};
