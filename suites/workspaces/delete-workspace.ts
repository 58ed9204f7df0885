import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse } from '../framework/kube.js';
import { deleteWorkspaceAt, readWorkspace, waitUntilGone } from '../framework/workspace-checks.js';
import { AREA } from './area.js';
import { expectSeed, seed } from './content.js';

export const deleteWorkspace: ConformanceTest = {
  id: `${AREA}/delete-workspace`,
  area: AREA,
  description:
    'Deleting a Workspace MUST be accepted and the Workspace MUST eventually be gone (GET 404) and its path ' +
    'MUST stop resolving (404 on /clusters/<path>), while a sibling workspace stays Ready with its content.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
    'kcp: pkg/reconciler/tenancy/workspace/workspace_reconcile_phase.go',
    'kcp: pkg/server/localproxy.go',
  ],
  deadline: workspaceDeadline(4),
  async run(ctx) {
    const doomed = await ctx.createWorkspace(ctx.uniqueName('kh-doomed'));
    const sibling = await ctx.createWorkspace(ctx.uniqueName('kh-sibling'));
    const namespace = ctx.uniqueName('kh-content');
    await seed(doomed.client, namespace, 'data');
    const kept = await seed(sibling.client, namespace, 'data');

    await deleteWorkspaceAt(ctx, doomed.path);
    await waitUntilGone(ctx, doomed.path);
    // A single shard answers 404 for a path it cannot resolve (a front-proxy would say 403).
    await ctx.eventually(
      async () => {
        const response = await doomed.client.get('/api/v1/namespaces');
        expect(response.status, describeResponse(response)).to.equal(404);
      },
      { timeoutMs: ctx.timeouts.workspaceReady, description: `path ${doomed.path} stops resolving` },
    );

    const still = await readWorkspace(ctx, sibling.path);
    expect(still.status?.phase, `phase of sibling ${sibling.path}`).to.equal('Ready');
    await expectSeed(sibling.client, kept);
  },
};
