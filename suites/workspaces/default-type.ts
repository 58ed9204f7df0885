import { expect } from 'chai';
import { joinPath } from '../framework/cluster-paths.js';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { MissingPrerequisite } from '../framework/prerequisite.js';
import { ownWorkspace, readLogicalCluster, readWorkspace } from '../framework/workspace-checks.js';
import { PATH_ANNOTATION } from '../framework/tenancy.js';
import { AREA } from './area.js';

export const defaultType: ConformanceTest = {
  id: `${AREA}/default-type-in-organization`,
  area: AREA,
  description:
    'A Workspace created without spec.type in an organization workspace MUST get spec.type ' +
    '{name: universal, path: root}, reach phase Ready with no initializers left, and carry a ' +
    'non-empty spec.cluster and a spec.URL ending in /clusters/<parent path>:<name>.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: [
    'kcp: test/e2e/workspacetype/controller_test.go',
    'kcp: test/e2e/reconciler/workspace/controller_test.go',
    'kcp: pkg/admission/workspacetypeexists/admission.go',
    'kcp: pkg/reconciler/tenancy/workspace/workspace_reconcile_scheduling.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    // The run workspace is the organization: it was created in root without a type, which kcp
    // defaults to root's default child type, organization (config/root/workspacetype-root.yaml).
    const runPath = ownWorkspace(ctx).parentPath;
    if (!/^root:[^:]+$/.test(runPath)) {
      throw new MissingPrerequisite(
        `needs the run workspace directly under root, but it is ${runPath}: pass --context root (kcp's admin.kubeconfig)`,
      );
    }
    const runWorkspace = await readWorkspace(ctx, runPath);
    expect(
      runWorkspace.spec?.type,
      `type of the run workspace ${runPath}; this test needs the run to start in root`,
    ).to.deep.equal({ name: 'organization', path: 'root' });

    const name = ctx.uniqueName('kh-untyped');
    const created = await ctx.createWorkspace(name, { parent: runPath });
    const workspace = await readWorkspace(ctx, created.path);
    expect(workspace.spec?.type, 'spec.type').to.deep.equal({ name: 'universal', path: 'root' });
    expect(workspace.status?.phase, 'status.phase').to.equal('Ready');
    expect(workspace.status?.initializers ?? [], 'status.initializers').to.deep.equal([]);
    expect(workspace.spec?.cluster, 'spec.cluster').to.be.a('string').and.not.equal('');

    // The URL names the human path: the parent's kcp.io/path annotation plus the name.
    const parentCluster = await readLogicalCluster(ctx.client.at(ctx.clusterUrl(runPath)));
    const parentPath = parentCluster.metadata.annotations?.[PATH_ANNOTATION] ?? runPath;
    expect(workspace.spec?.URL, 'spec.URL').to.be.a('string');
    expect(
      workspace.spec?.URL?.endsWith(`/clusters/${joinPath(parentPath, name)}`),
      workspace.spec?.URL,
    ).to.equal(true);
  },
};
