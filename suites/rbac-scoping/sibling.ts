import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMap, configMapsPath, expectStatusCode } from '../framework/kube.js';
import { ownWorkspace } from '../framework/workspace-checks.js';
import { AREA } from './area.js';
import {
  bindClusterRole,
  CLUSTER_ADMIN,
  eventuallyStatus,
  expectForbidden,
  namespaceObject,
  userSubject,
} from './rbac.js';

export const siblingHasNothing: ConformanceTest = {
  id: `${AREA}/admin-has-nothing-in-sibling`,
  area: AREA,
  description:
    'A user bound to cluster-admin in one workspace MUST get 403 Forbidden in a sibling workspace where it ' +
    'is not bound, for resources and for discovery (/api, /apis, /apis/rbac.authorization.k8s.io/v1, /version) alike.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/authorizer/authorizer_test.go',
    'kcp: pkg/authorization/workspace_content_authorizer.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const [admin] = ctx.users(1);
    const own = ownWorkspace(ctx);
    await bindClusterRole(ctx.client, ctx.uniqueName('kh-admin'), CLUSTER_ADMIN, [userSubject(admin.name)]);
    // The grant has settled once the user can write in its own workspace.
    await eventuallyStatus(
      ctx,
      () => admin.client.post(configMapsPath(ctx.namespace), configMap(ctx.uniqueName('mine'))),
      201,
      `${admin.name} creates a ConfigMap in ${own.path}`,
    );

    const sibling = await ctx.createWorkspace(ctx.uniqueName('kh-sibling'), { parent: own.parentPath });
    // The same namespace exists there, so a refusal cannot be a NotFound in disguise.
    expectStatusCode(await sibling.client.post('/api/v1/namespaces', namespaceObject(ctx.namespace)), 201);
    const there = admin.client.at(sibling.client.baseUrl);
    for (const path of [
      configMapsPath(ctx.namespace),
      '/api/v1/namespaces',
      '/api',
      '/apis',
      '/apis/rbac.authorization.k8s.io/v1',
      '/version',
    ]) {
      expectForbidden(await there.get(path));
    }
    expectForbidden(await there.post(configMapsPath(ctx.namespace), configMap(ctx.uniqueName('theirs'))));
  },
};
