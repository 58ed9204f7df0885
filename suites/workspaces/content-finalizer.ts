import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
  expectStatusCode,
  mergePatch,
  type ConfigMap,
} from '../framework/kube.js';
import { findCondition } from '../framework/tenancy.js';
import { deleteWorkspaceAt, readWorkspace, waitUntilGone } from '../framework/workspace-checks.js';
import { AREA } from './area.js';

const FINALIZER = 'kcp-harness.io/hold';

export const contentFinalizer: ConformanceTest = {
  id: `${AREA}/content-finalizer-blocks-deletion`,
  area: AREA,
  description:
    'While an object in a deleted workspace still has a finalizer, the Workspace MUST report condition ' +
    'WorkspaceContentDeleted with status False; once the finalizer is removed the Workspace MUST go away.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
    'kcp: pkg/reconciler/tenancy/workspace/workspace_reconcile_phase.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const workspace = await ctx.createWorkspace(ctx.uniqueName('kh-finalized'));
    const { client } = workspace;
    const path = configMapPath('default', 'held');
    await ctx.eventually(
      async () => {
        const response = await client.get('/api/v1/namespaces/default');
        expect(response.status, describeResponse(response)).to.equal(200);
      },
      { description: 'namespace default exists' },
    );
    const held = { ...configMap('held', { foo: 'bar' }) };
    held.metadata.finalizers = [FINALIZER];
    expectStatusCode(await client.post<ConfigMap>(configMapsPath('default'), held), 201);

    let released = false;
    const release = async (): Promise<void> => {
      const response = await mergePatch(client, path, { metadata: { finalizers: null } });
      expect([200, 404], describeResponse(response)).to.include(response.status);
      released = true;
    };
    try {
      await deleteWorkspaceAt(ctx, workspace.path);
      await ctx.eventually(
        async () => {
          const current = await readWorkspace(ctx, workspace.path);
          const condition = findCondition(current, 'WorkspaceContentDeleted');
          expect(condition?.status, `WorkspaceContentDeleted of ${workspace.path}`).to.equal('False');
        },
        { timeoutMs: ctx.timeouts.workspaceReady, description: 'WorkspaceContentDeleted False' },
      );
      await release();
      await waitUntilGone(ctx, workspace.path);
    } finally {
      // A finalizer left behind would keep the workspace, and the run workspace above it, forever.
      if (!released)
        await mergePatch(client, path, { metadata: { finalizers: null } }).catch(() => undefined);
    }
  },
};
