import { expect } from 'chai';
import { joinPath } from '../framework/cluster-paths.js';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode, type KubeList } from '../framework/kube.js';
import { PATH_ANNOTATION, WORKSPACES_PATH, type Workspace } from '../framework/tenancy.js';
import { ownWorkspace, readLogicalCluster } from '../framework/workspace-checks.js';
import { AREA } from './area.js';

const DEPTH = 3;

export const nestedTree: ConformanceTest = {
  id: `${AREA}/nested-tree`,
  area: AREA,
  description:
    'Workspaces MUST nest: a child, grandchild and great-grandchild created each inside the previous one ' +
    'MUST each become Ready, be listed in its parent, and be reachable as /clusters/<parent path>:<name> ' +
    'with a LogicalCluster annotated kcp.io/path with that path.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: [
    'kcp: staging/src/github.com/kcp-dev/sdk/testing/workspaces.go',
    'kcp: pkg/index/index.go',
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
  ],
  deadline: workspaceDeadline(DEPTH),
  async run(ctx) {
    let parent = ownWorkspace(ctx).path;
    for (let level = 1; level <= DEPTH; level += 1) {
      const name = ctx.uniqueName(`kh-level-${level}`);
      const created = await ctx.createWorkspace(name, { parent });
      const path = joinPath(parent, name);
      expect(created.path).to.equal(path);
      expect(created.object.status?.phase, `phase of ${path}`).to.equal('Ready');
      expect(created.url.endsWith(`/clusters/${path}`), `spec.URL ${created.url}`).to.equal(true);

      const listed = expectStatusCode(
        await ctx.client.at(ctx.clusterUrl(parent)).get<KubeList<Workspace>>(WORKSPACES_PATH),
        200,
      );
      expect(
        listed.items.map((item) => item.metadata.name),
        `workspaces in ${parent}`,
      ).to.include(name);

      const api = await ctx.client.at(ctx.clusterUrl(path)).get('/api');
      expect(api.status, describeResponse(api)).to.equal(200);
      const logicalCluster = await readLogicalCluster(ctx.client.at(ctx.clusterUrl(path)));
      expect(logicalCluster.metadata.annotations?.[PATH_ANNOTATION], `kcp.io/path of ${path}`).to.equal(path);
      parent = path;
    }
  },
};
