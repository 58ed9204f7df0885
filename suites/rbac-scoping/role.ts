import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMap, configMapPath, configMapsPath, expectStatusCode } from '../framework/kube.js';
import { AREA } from './area.js';
import {
  bindClusterRole,
  bindRole,
  CLUSTER_ROLE_BINDINGS_PATH,
  createRole,
  eventuallyStatus,
  expectForbidden,
  namespaceObject,
  userSubject,
  WORKSPACE_ACCESS,
} from './rbac.js';

export const roleConfined: ConformanceTest = {
  id: `${AREA}/role-confined-to-namespace`,
  area: AREA,
  description:
    'A Role and RoleBinding MUST grant a user (admitted with system:kcp:workspace:access) exactly their verbs on ' +
    'their resources in their namespace: another namespace, a list across namespaces, another resource and ' +
    'an ungranted verb MUST be 403 Forbidden; and without `access` to the workspace the RoleBinding alone ' +
    'MUST NOT let the user in.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/authorizer/authorizer_test.go',
    'kcp: pkg/authorization/workspace_content_authorizer.go',
    'kubernetes: plugin/pkg/auth/authorizer/rbac/rbac.go',
  ],
  async run(ctx) {
    const [user] = ctx.users(1);
    const { namespace } = ctx;
    const other = ctx.uniqueName('kh-other');
    expectStatusCode(await ctx.client.post('/api/v1/namespaces', namespaceObject(other)), 201);
    expectStatusCode(await ctx.client.post(configMapsPath(other), configMap('theirs')), 201);
    const role = ctx.uniqueName('kh-configmaps');
    await createRole(ctx.client, namespace, role, [
      { verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['configmaps'] },
    ]);
    await bindRole(ctx.client, namespace, role, role, [userSubject(user.name)]);
    const access = ctx.uniqueName('kh-access');
    await bindClusterRole(ctx.client, access, WORKSPACE_ACCESS, [userSubject(user.name)]);

    await eventuallyStatus(
      ctx,
      () => user.client.get(configMapsPath(namespace)),
      200,
      `${user.name} lists ConfigMaps in ${namespace}`,
    );
    const mine = ctx.uniqueName('mine');
    expectStatusCode(await user.client.post(configMapsPath(namespace), configMap(mine)), 201);
    expectStatusCode(await user.client.get(configMapPath(namespace, mine)), 200);

    expectForbidden(await user.client.get(configMapsPath(other)));
    expectForbidden(await user.client.get(configMapPath(other, 'theirs')));
    expectForbidden(await user.client.post(configMapsPath(other), configMap(ctx.uniqueName('mine'))));
    expectForbidden(await user.client.get('/api/v1/configmaps'));
    expectForbidden(await user.client.get(`/api/v1/namespaces/${namespace}/secrets`));
    expectForbidden(await user.client.delete(configMapPath(namespace, mine)));

    // Revoking workspace access leaves the RoleBinding in place, and the user locked out.
    expectStatusCode(await ctx.client.delete(`${CLUSTER_ROLE_BINDINGS_PATH}/${access}`), 200);
    await eventuallyStatus(
      ctx,
      () => user.client.get(configMapsPath(namespace)),
      403,
      `${user.name} refused in ${namespace} with its RoleBinding but without workspace access`,
    );
  },
};
