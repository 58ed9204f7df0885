import { expect } from 'chai';
import { joinPath } from '../framework/cluster-paths.js';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectFailureStatus } from '../framework/kube.js';
import { ownWorkspace } from '../framework/workspace-checks.js';
import { AREA } from './area.js';

export const unknownPath: ConformanceTest = {
  id: `${AREA}/unknown-path-not-found`,
  area: AREA,
  description:
    'A request to a workspace path that does not resolve (a missing child of an existing workspace) MUST ' +
    'answer 404 NotFound for workspaces.tenancy.kcp.io named with the path, on discovery and resource ' +
    'requests alike; it MUST NOT reach any other logical cluster.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: [
    'kcp: pkg/server/localproxy.go',
    'kcp: pkg/index/index.go',
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
  ],
  async run(ctx) {
    // A single shard answers 404; a front-proxy hides existence behind 403 (pkg/proxy/lookup).
    const missing = joinPath(ownWorkspace(ctx).path, ctx.uniqueName('kh-missing'));
    const client = ctx.client.at(ctx.clusterUrl(missing));
    for (const path of ['/api', '/api/v1/namespaces']) {
      const status = expectFailureStatus(await client.get(path), 404, 'NotFound');
      expect(status.details?.name, `details.name for ${path}`).to.equal(missing);
      expect(status.details?.group, `details.group for ${path}`).to.equal('tenancy.kcp.io');
    }
  },
};
