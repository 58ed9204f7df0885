import { expect } from 'chai';
import { joinPath } from '../framework/cluster-paths.js';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { workspaceObject, workspacePath, WORKSPACES_PATH, type Workspace } from '../framework/tenancy.js';
import { ownWorkspace } from '../framework/workspace-checks.js';
import { AREA } from './area.js';
import {
  ACCESS_RULE,
  bindClusterRole,
  CLUSTER_ADMIN,
  CLUSTER_ROLE_BINDINGS_PATH,
  createClusterRole,
  eventuallyStatus,
  expectForbidden,
  namespaceObject,
  userSubject,
  WORKSPACE_ADMIN_BINDING,
  type Binding,
} from './rbac.js';

export const creatorIsAdmin: ConformanceTest = {
  id: `${AREA}/creator-is-workspace-admin`,
  area: AREA,
  description:
    'A user allowed to create workspaces MUST become the admin of a workspace it creates (ClusterRoleBinding ' +
    'workspace-admin to cluster-admin): once it is Ready the creator MUST be able to list and create ' +
    'workspaces and namespaces in it, while an admin of the parent MUST still get 403 Forbidden there.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces],
  source: [
    'kcp: test/e2e/authorizer/workspace_test.go',
    'kcp: pkg/reconciler/tenancy/logicalcluster/logicalcluster_controller.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    // kcp initializes the new workspace as its creator, in the new logical cluster: the creator
    // must be itself there, not scoped to the parent.
    const [creator, parentAdmin] = ctx.users(2, { unscoped: true });
    const own = ownWorkspace(ctx);
    const role = ctx.uniqueName('kh-workspace-creator');
    await createClusterRole(ctx.client, role, [
      ACCESS_RULE,
      { verbs: ['create', 'get', 'list', 'watch'], apiGroups: ['tenancy.kcp.io'], resources: ['workspaces'] },
    ]);
    await bindClusterRole(ctx.client, role, role, [userSubject(creator.name)]);
    await bindClusterRole(ctx.client, ctx.uniqueName('kh-admin'), CLUSTER_ADMIN, [
      userSubject(parentAdmin.name),
    ]);

    const name = ctx.uniqueName('kh-created');
    await eventuallyStatus(
      ctx,
      () => creator.client.post(WORKSPACES_PATH, workspaceObject(name)),
      201,
      `${creator.name} creates workspace ${name} in ${own.path}`,
    );
    await ctx.eventually(
      async () => {
        const response = await creator.client.get<Workspace>(workspacePath(name));
        expect(response.status, describeResponse(response)).to.equal(200);
        expect(response.body.status?.phase, `phase of ${name}`).to.equal('Ready');
      },
      { timeoutMs: ctx.timeouts.workspaceReady, description: `workspace ${name} Ready, read by its creator` },
    );

    const url = ctx.clusterUrl(joinPath(own.path, name));
    const asCreator = creator.client.at(url);
    await eventuallyStatus(
      ctx,
      () => asCreator.get(WORKSPACES_PATH),
      200,
      `${creator.name} lists workspaces in its workspace`,
    );
    expectStatusCode(
      await asCreator.post(WORKSPACES_PATH, workspaceObject(ctx.uniqueName('kh-nested'))),
      201,
    );
    expectStatusCode(
      await asCreator.post('/api/v1/namespaces', namespaceObject(ctx.uniqueName('kh-ns'))),
      201,
    );

    const binding = expectStatusCode(
      await ctx.client.at(url).get<Binding>(`${CLUSTER_ROLE_BINDINGS_PATH}/${WORKSPACE_ADMIN_BINDING}`),
      200,
    );
    expect(binding.roleRef?.name, 'roleRef of workspace-admin').to.equal(CLUSTER_ADMIN);
    expect(
      (binding.subjects ?? []).map((subject) => `${subject.kind}/${subject.name}`),
      'subjects of workspace-admin',
    ).to.include(`User/${creator.name}`);

    const asParentAdmin = parentAdmin.client.at(url);
    await eventuallyStatus(
      ctx,
      () => parentAdmin.client.get(WORKSPACES_PATH),
      200,
      `${parentAdmin.name} lists workspaces in ${own.path}`,
    );
    expectForbidden(await asParentAdmin.get(WORKSPACES_PATH));
  },
};
