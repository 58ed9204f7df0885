import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectFailureStatus, expectStatusCode } from '../framework/kube.js';
import { workspacePath, type Workspace } from '../framework/tenancy.js';
import { ownWorkspace, parentClient } from '../framework/workspace-checks.js';
import { AREA } from './area.js';

export const kubectlWsNavigation: ConformanceTest = {
  id: `${AREA}/kubectl-ws-navigation`,
  area: AREA,
  description:
    'The requests `kubectl ws` makes to enter a workspace MUST work: /clusters/<path>/api and /apis answer ' +
    'discovery with at least one group, the Workspace is readable from its parent by name, and a missing ' +
    'Workspace answers 404 NotFound.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: [
    'kcp: staging/src/github.com/kcp-dev/cli/pkg/workspace/plugin/use.go',
    'kcp: docs/content/concepts/workspaces/index.md',
  ],
  async run(ctx) {
    const own = ownWorkspace(ctx);
    // ctx.client is <server>/clusters/<path>, exactly the URL kubectl ws writes into the kubeconfig.
    const api = expectStatusCode(await ctx.client.get<{ kind?: string; versions?: string[] }>('/api'), 200);
    expect(api.kind).to.equal('APIVersions');
    expect(api.versions).to.include('v1');
    const apis = expectStatusCode(
      await ctx.client.get<{ kind?: string; groups?: { name: string }[] }>('/apis'),
      200,
    );
    expect(apis.kind).to.equal('APIGroupList');
    expect(apis.groups, '/apis groups').to.be.an('array').with.length.above(0);

    const parent = parentClient(ctx, own.path);
    const workspace = expectStatusCode(await parent.get<Workspace>(workspacePath(own.name)), 200);
    expect(workspace.kind).to.equal('Workspace');
    expect(workspace.metadata.name).to.equal(own.name);
    expectFailureStatus(await parent.get(workspacePath(ctx.uniqueName('kh-missing'))), 404, 'NotFound');
  },
};
