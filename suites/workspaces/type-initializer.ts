import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode } from '../framework/kube.js';
import { LOGICAL_CLUSTER_PATH, type LogicalCluster } from '../framework/tenancy.js';
import { readLogicalCluster, waitForPhase } from '../framework/workspace-checks.js';
import { AREA } from './area.js';
import { createUsableType, createWorkspaceOfType } from './workspace-types.js';

export const typeInitializer: ConformanceTest = {
  id: `${AREA}/type-initializer`,
  area: AREA,
  description:
    'A workspace of a WorkspaceType with initializer: true MUST stay in phase Initializing, listing the ' +
    'initializer <type cluster>:<type name> in the status.initializers of its Workspace and LogicalCluster, ' +
    'until that initializer is removed from the LogicalCluster status; it MUST then become Ready.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.WorkspaceTypes, Feature.WorkspaceInitializers],
  source: [
    'kcp: test/e2e/workspacetype/controller_test.go',
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/tenancy/initialization/utils.go',
    'kcp: pkg/reconciler/tenancy/workspace/workspace_reconcile_phase.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const { client } = ctx;
    const type = await createUsableType(ctx, client, ctx.uniqueName('kh-init'), { initializer: true });
    const initializer = `${type.path}:${type.name}`;

    const path = await createWorkspaceOfType(ctx, ctx.uniqueName('kh-initializing'), type);
    // kcp can report phase Initializing before it copies the LogicalCluster's initializers into the
    // Workspace status (a later write of its workspace controller), so both are waited for.
    const initializing = await ctx.eventually(
      async () => {
        const workspace = await waitForPhase(ctx, path, 'Initializing');
        expect(workspace.status?.initializers ?? [], 'Workspace status.initializers').to.include(initializer);
        return workspace;
      },
      {
        timeoutMs: ctx.timeouts.workspaceReady,
        description: `workspace ${path} lists initializer ${initializer}`,
      },
    );
    const cluster = initializing.spec?.cluster;
    expect(cluster, 'spec.cluster of an Initializing workspace').to.be.a('string').and.not.equal('');

    // As kcp's e2e test does: address the LogicalCluster by name, drop the initializer from its
    // status, write the status back (retrying on conflicts).
    const logicalCluster = client.at(ctx.clusterUrl(cluster!));
    const before = await readLogicalCluster(logicalCluster);
    expect(before.status?.phase, 'LogicalCluster status.phase').to.equal('Initializing');
    expect(before.status?.initializers, 'LogicalCluster status.initializers').to.include(initializer);
    await ctx.eventually(
      async () => {
        const current = await readLogicalCluster(logicalCluster);
        const initializers = (current.status?.initializers ?? []).filter((entry) => entry !== initializer);
        const updated = await logicalCluster.put<LogicalCluster>(`${LOGICAL_CLUSTER_PATH}/status`, {
          ...current,
          status: { ...current.status, initializers },
        });
        expectStatusCode(updated, 200);
      },
      { description: `remove initializer ${initializer} from the LogicalCluster status` },
    );
    await waitForPhase(ctx, path, 'Ready');
  },
};
