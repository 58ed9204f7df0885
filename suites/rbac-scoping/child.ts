import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMapsPath } from '../framework/kube.js';
import { WORKSPACES_PATH } from '../framework/tenancy.js';
import { AREA } from './area.js';
import {
  ACCESS_RULE,
  bindClusterRole,
  CLUSTER_ADMIN,
  createClusterRole,
  eventuallyStatus,
  expectForbidden,
  namespaceObject,
  userSubject,
} from './rbac.js';

export const parentAdminNotInChild: ConformanceTest = {
  id: `${AREA}/parent-admin-not-in-child`,
  area: AREA,
  description:
    'A cluster-admin of a workspace MUST get 403 Forbidden in a child workspace someone else created, until a ' +
    'ClusterRoleBinding in the child grants it a role with `access` on / and get/list on workspaces, which then ' +
    'MUST let it list workspaces there and nothing more.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces],
  source: [
    'kcp: test/e2e/authorizer/workspace_test.go',
    'kcp: pkg/authorization/workspace_content_authorizer.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const [user] = ctx.users(1);
    await bindClusterRole(ctx.client, ctx.uniqueName('kh-admin'), CLUSTER_ADMIN, [userSubject(user.name)]);
    await eventuallyStatus(
      ctx,
      () => user.client.get(WORKSPACES_PATH),
      200,
      `${user.name} lists workspaces in the parent`,
    );

    // Created by the run's identity, so the parent admin is neither creator nor bound there.
    const child = await ctx.createWorkspace(ctx.uniqueName('kh-child'));
    const inChild = user.client.at(child.client.baseUrl);
    expectForbidden(await inChild.get(WORKSPACES_PATH));
    expectForbidden(await inChild.get('/api'));

    const role = ctx.uniqueName('kh-workspace-lister');
    await createClusterRole(child.client, role, [
      ACCESS_RULE,
      { verbs: ['get', 'list', 'watch'], apiGroups: ['tenancy.kcp.io'], resources: ['workspaces'] },
    ]);
    await bindClusterRole(child.client, role, role, [userSubject(user.name)]);
    await eventuallyStatus(
      ctx,
      () => inChild.get(WORKSPACES_PATH),
      200,
      `${user.name} lists workspaces in ${child.path} once bound there`,
    );
    expectForbidden(await inChild.post('/api/v1/namespaces', namespaceObject(ctx.uniqueName('kh-ns'))));
    expectForbidden(await inChild.get(configMapsPath('default')));
  },
};
