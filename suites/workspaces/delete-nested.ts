import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, type KubeList } from '../framework/kube.js';
import { WORKSPACES_PATH } from '../framework/tenancy.js';
import { deleteWorkspaceAt, waitUntilGone } from '../framework/workspace-checks.js';
import { AREA } from './area.js';
import { seed } from './content.js';

export const deleteNested: ConformanceTest = {
  id: `${AREA}/deleting-parent-deletes-nested`,
  area: AREA,
  description:
    'Deleting a Workspace MUST also delete the workspaces nested in it and their content: afterwards the ' +
    'nested paths MUST not resolve (404), and their former logical clusters, read by name with a ' +
    'system:masters identity, MUST hold no namespace created there and no workspace (or answer 404).',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.PrivilegedIdentity],
  source: [
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
    'kcp: docs/content/concepts/workspaces/workspace-termination.md',
  ],
  deadline: workspaceDeadline(8),
  async run(ctx) {
    const parent = await ctx.createWorkspace(ctx.uniqueName('kh-parent'));
    const child = await ctx.createWorkspace(ctx.uniqueName('kh-child'), { parent: parent.path });
    const grandchild = await ctx.createWorkspace(ctx.uniqueName('kh-grandchild'), { parent: child.path });
    const namespace = ctx.uniqueName('kh-deletion-test');
    for (const workspace of [parent, child, grandchild]) await seed(workspace.client, namespace, 'data');

    await deleteWorkspaceAt(ctx, parent.path);
    await waitUntilGone(ctx, parent.path, 3);

    const privileged = ctx.privileged();
    for (const workspace of [child, grandchild]) {
      // The path walks through the deleted parent, so it stops resolving (the index follows).
      await ctx.eventually(
        async () => {
          const byPath = await workspace.client.get('/api');
          expect(byPath.status, describeResponse(byPath)).to.equal(404);
        },
        { timeoutMs: ctx.timeouts.workspaceReady, description: `path ${workspace.path} stops resolving` },
      );
      const former = privileged.at(ctx.clusterUrl(workspace.clusterName));
      // As in kcp's e2e test: an empty list, or 404 once the logical cluster itself is gone.
      for (const [path, what] of [
        ['/api/v1/namespaces', 'namespaces'],
        [WORKSPACES_PATH, 'workspaces'],
      ] as const) {
        await ctx.eventually(
          async () => {
            const response = await former.get<KubeList>(path);
            if (response.status === 404) return;
            expect(response.status, describeResponse(response)).to.equal(200);
            expect(
              response.body.items.map((item) => item.metadata.name),
              `${what} in ${workspace.path}`,
            ).to.deep.equal([]);
          },
          {
            timeoutMs: ctx.timeouts.workspaceReady,
            description: `${what} of ${workspace.path} (cluster ${workspace.clusterName}) deleted`,
          },
        );
      }
    }
  },
};
