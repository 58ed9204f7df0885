import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type KubeObject,
} from '../framework/kube.js';
import { CLUSTER_ANNOTATION } from '../framework/tenancy.js';
import { ownWorkspace, readWorkspace } from '../framework/workspace-checks.js';
import { AREA } from './area.js';

export const clusterAnnotation: ConformanceTest = {
  id: `${AREA}/cluster-annotation-is-name`,
  area: AREA,
  description:
    'Every object MUST carry the annotation kcp.io/cluster with the NAME of its logical cluster, also when ' +
    'the request addressed the workspace by its path; a Workspace object carries the name of the cluster ' +
    'it is stored in (its parent).',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.ConfigMaps],
  source: [
    'kcp: docs/content/concepts/sharding/shards.md',
    'kcp: test/e2e/conformance/cross_logical_cluster_list_test.go',
    'kcp: test/e2e/workspacetype/controller_test.go',
  ],
  async run(ctx) {
    const { client, namespace } = ctx;
    const own = ownWorkspace(ctx);
    expect(own.clusterName, 'the cluster name differs from the path').not.to.equal(own.path);

    // ctx.client addresses the workspace by its path.
    const name = ctx.uniqueName('annotated');
    const created = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), configMap(name)),
      201,
    );
    expect(created.metadata.annotations?.[CLUSTER_ANNOTATION], 'on the create response').to.equal(
      own.clusterName,
    );
    const read = expectStatusCode(await client.get<ConfigMap>(configMapPath(namespace, name)), 200);
    expect(read.metadata.annotations?.[CLUSTER_ANNOTATION], 'on GET').to.equal(own.clusterName);
    const ns = expectStatusCode(await client.get<KubeObject>(`/api/v1/namespaces/${namespace}`), 200);
    expect(ns.metadata.annotations?.[CLUSTER_ANNOTATION], 'on the Namespace').to.equal(own.clusterName);

    const run = await readWorkspace(ctx, own.parentPath);
    const workspace = await readWorkspace(ctx, own.path);
    expect(workspace.metadata.annotations?.[CLUSTER_ANNOTATION], 'on the Workspace').to.equal(
      run.spec?.cluster,
    );
  },
};
