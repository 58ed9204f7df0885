import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode, type KubeList } from '../framework/kube.js';
import { WORKSPACES_PATH, type Workspace } from '../framework/tenancy.js';
import { AREA } from './area.js';

export const listWorkspaces: ConformanceTest = {
  id: `${AREA}/list-in-parent`,
  area: AREA,
  description:
    'Listing workspaces in a workspace (GET .../tenancy.kcp.io/v1alpha1/workspaces) MUST return a ' +
    'WorkspaceList of exactly its child workspaces, each with its phase.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: [
    'kcp: staging/src/github.com/kcp-dev/cli/pkg/workspace/plugin/tree.go',
    'kcp: test/e2e/authorizer/workspace_test.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const first = await ctx.createWorkspace(ctx.uniqueName('kh-first'));
    const second = await ctx.createWorkspace(ctx.uniqueName('kh-second'));
    // The test's workspace is fresh: these two are all its children.
    const list = expectStatusCode(await ctx.client.get<KubeList<Workspace>>(WORKSPACES_PATH), 200);
    expect(list.kind).to.equal('WorkspaceList');
    expect(list.items.map((item) => item.metadata.name).sort()).to.deep.equal(
      [first.name, second.name].sort(),
    );
    for (const item of list.items) expect(item.status?.phase, item.metadata.name).to.equal('Ready');
  },
};
