import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, type KubeList } from '../framework/kube.js';
import { deleteWorkspaceAt, waitUntilGone } from '../framework/workspace-checks.js';
import { AREA } from './area.js';
import { seed } from './content.js';

export const deletedContentGone: ConformanceTest = {
  id: `${AREA}/deleted-workspace-content-gone`,
  area: AREA,
  description:
    'Once a deleted Workspace is gone, its former logical cluster MUST be empty: addressed by its cluster ' +
    'name (by a system:masters identity, the path no longer resolving) it MUST list no namespaces and no ' +
    'ConfigMaps.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps, Feature.PrivilegedIdentity],
  source: [
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
    'kcp: docs/content/concepts/workspaces/workspace-termination.md',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const doomed = await ctx.createWorkspace(ctx.uniqueName('kh-emptied'));
    await seed(doomed.client, ctx.uniqueName('kh-content'), 'data');
    await deleteWorkspaceAt(ctx, doomed.path);
    await waitUntilGone(ctx, doomed.path);

    // Only a single-segment cluster name is served without a path lookup, and only a privileged
    // identity may look into a logical cluster that no workspace owns any more.
    const former = ctx.privileged().at(ctx.clusterUrl(doomed.clusterName));
    for (const path of ['/api/v1/namespaces', '/api/v1/configmaps']) {
      await ctx.eventually(
        async () => {
          const response = await former.get<KubeList>(path);
          expect(response.status, describeResponse(response)).to.equal(200);
          expect(
            response.body.items.map((item) => item.metadata.name),
            `${path} of ${doomed.clusterName}`,
          ).to.deep.equal([]);
        },
        { timeoutMs: ctx.timeouts.workspaceReady, description: `${path} empty in ${doomed.clusterName}` },
      );
    }
  },
};
