import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
} from '../framework/kube.js';
import { ownWorkspace, readLogicalCluster } from '../framework/workspace-checks.js';
import { AREA } from './area.js';

export const pathAndName: ConformanceTest = {
  id: `${AREA}/path-and-name-address-same-cluster`,
  area: AREA,
  description:
    'A workspace MUST be reachable both as /clusters/<path> and as /clusters/<logical cluster name>, and ' +
    'both MUST address the same logical cluster: the same LogicalCluster and the same objects.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.ConfigMaps],
  source: [
    'kcp: staging/src/github.com/kcp-dev/sdk/testing/workspaces.go',
    'kcp: pkg/server/localproxy.go',
    'kcp: pkg/index/index.go',
  ],
  async run(ctx) {
    const { namespace } = ctx;
    const own = ownWorkspace(ctx);
    const byPath = ctx.client;
    const byName = ctx.client.at(ctx.clusterUrl(own.clusterName));

    const [viaPath, viaName] = [await readLogicalCluster(byPath), await readLogicalCluster(byName)];
    expect(viaName.metadata.uid, 'LogicalCluster uid by name vs by path').to.equal(viaPath.metadata.uid);

    const written = ctx.uniqueName('via-path');
    const created = expectStatusCode(
      await byPath.post<ConfigMap>(configMapsPath(namespace), configMap(written, { via: 'path' })),
      201,
    );
    const seen = expectStatusCode(await byName.get<ConfigMap>(configMapPath(namespace, written)), 200);
    expect(seen.metadata.uid).to.equal(created.metadata.uid);
    expect(seen.data).to.deep.equal({ via: 'path' });

    const other = ctx.uniqueName('via-name');
    const made = expectStatusCode(
      await byName.post<ConfigMap>(configMapsPath(namespace), configMap(other, { via: 'name' })),
      201,
    );
    const back = expectStatusCode(await byPath.get<ConfigMap>(configMapPath(namespace, other)), 200);
    expect(back.metadata.uid).to.equal(made.metadata.uid);
  },
};
