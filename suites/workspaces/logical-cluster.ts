import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { CLUSTER_ANNOTATION, PATH_ANNOTATION } from '../framework/tenancy.js';
import { ownWorkspace, readLogicalCluster, readWorkspace } from '../framework/workspace-checks.js';
import { AREA } from './area.js';

export const logicalClusterObject: ConformanceTest = {
  id: `${AREA}/logical-cluster-object`,
  area: AREA,
  description:
    'A Ready workspace MUST contain a LogicalCluster named cluster in phase Ready, annotated kcp.io/path ' +
    'with the workspace path and kcp.io/cluster with spec.cluster of its Workspace, whose status.URL ends ' +
    'in /clusters/<logical cluster name> and so differs from the path-based Workspace spec.URL.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: [
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/core/v1alpha1/logicalcluster_types.go',
    'kcp: pkg/reconciler/tenancy/workspace/workspace_reconcile_scheduling.go',
    'kcp: staging/src/github.com/kcp-dev/sdk/testing/workspaces.go',
  ],
  async run(ctx) {
    const own = ownWorkspace(ctx);
    const workspace = await readWorkspace(ctx, own.path);
    const clusterName = workspace.spec?.cluster;
    expect(clusterName, 'Workspace spec.cluster').to.be.a('string').and.not.equal('');

    const logicalCluster = await readLogicalCluster(ctx.client);
    expect(logicalCluster.kind).to.equal('LogicalCluster');
    expect(logicalCluster.metadata.name).to.equal('cluster');
    const annotations = logicalCluster.metadata.annotations ?? {};
    expect(annotations[PATH_ANNOTATION], PATH_ANNOTATION).to.equal(own.path);
    expect(annotations[CLUSTER_ANNOTATION], CLUSTER_ANNOTATION).to.equal(clusterName);
    expect(logicalCluster.status?.phase, 'LogicalCluster status.phase').to.equal('Ready');

    const url = logicalCluster.status?.URL;
    expect(url, 'LogicalCluster status.URL').to.be.a('string');
    expect(url?.endsWith(`/clusters/${clusterName}`), `status.URL ${url}`).to.equal(true);
    expect(url, 'LogicalCluster status.URL (name based) vs Workspace spec.URL (path based)').not.to.equal(
      workspace.spec?.URL,
    );
    expect(
      workspace.spec?.URL?.endsWith(`/clusters/${own.path}`),
      `spec.URL ${workspace.spec?.URL}`,
    ).to.equal(true);
  },
};
