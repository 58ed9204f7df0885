import { expect } from 'chai';
import { serverOf } from '../framework/cluster-paths.js';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ClusterClient } from '../framework/http/client.js';
import { configMapsPath, expectStatusCode, mergePatch, describeResponse } from '../framework/kube.js';
import { ownWorkspace } from '../framework/workspace-checks.js';
import { AREA } from './area.js';
import {
  ACCESS_RULE,
  bindClusterRole,
  bindRole,
  CLUSTER_ROLE_BINDINGS_PATH,
  createClusterRole,
  createRole,
  eventuallyStatus,
  expectForbidden,
  groupSubject,
  namespaceObject,
  serviceAccountSubject,
} from './rbac.js';

/** A service account token from the TokenRequest subresource (authentication.k8s.io/v1). */
async function requestToken(client: ClusterClient, namespace: string, name: string): Promise<string> {
  const response = await client.post<{ status?: { token?: string } }>(
    `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  );
  const token = expectStatusCode(response, 201)?.status?.token;
  expect(token, `status.token of ${describeResponse(response)}`)
    .to.be.a('string')
    .and.not.equal('');
  return token!;
}

export const serviceAccountScoped: ConformanceTest = {
  id: `${AREA}/service-account-token-scoped`,
  area: AREA,
  description:
    'A service account token MUST act in its own workspace as RBAC there allows, with or without the ' +
    '/clusters/<workspace> prefix; in another workspace it MUST get 403 Forbidden until a binding there ' +
    'grants system:authenticated `access` and the verbs, and a binding for system:serviceaccounts MUST NOT ' +
    'count for it there.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps, Feature.ServiceAccountTokens],
  source: [
    'kcp: test/e2e/authorizer/serviceaccounts_test.go',
    'kcp: pkg/server/filters/serviceaccounts.go',
    'kubernetes: staging/src/k8s.io/api/authentication/v1/types.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const own = ownWorkspace(ctx);
    const { namespace } = ctx;
    const account = ctx.uniqueName('kh-sa');
    expectStatusCode(
      await ctx.client.post(`/api/v1/namespaces/${namespace}/serviceaccounts`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: account },
      }),
      201,
    );
    const role = ctx.uniqueName('kh-configmap-reader');
    await createRole(ctx.client, namespace, role, [
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] },
    ]);
    await bindRole(ctx.client, namespace, role, role, [serviceAccountSubject(namespace, account)]);
    const token = await requestToken(ctx.client, namespace, account);

    const inOwn = ctx.clientWithToken(token);
    await eventuallyStatus(
      ctx,
      () => inOwn.get(configMapsPath(namespace)),
      200,
      `service account ${account} lists ConfigMaps in ${own.path}`,
    );
    // In-cluster clients send no /clusters/ prefix; the token says which workspace is meant.
    const bare = ctx.clientWithToken(token, serverOf(ctx.client.baseUrl));
    expectStatusCode(await bare.get(configMapsPath(namespace)), 200);
    expectForbidden(await inOwn.get(configMapsPath('default')));
    expectForbidden(await bare.get('/api/v1/namespaces'));

    const other = await ctx.createWorkspace(ctx.uniqueName('kh-other'), { parent: own.parentPath });
    expectStatusCode(await other.client.post('/api/v1/namespaces', namespaceObject(namespace)), 201);
    const there = ctx.clientWithToken(token, other.client.baseUrl);
    expectForbidden(await there.get(configMapsPath(namespace)));

    const grant = ctx.uniqueName('kh-sa-access');
    await createClusterRole(other.client, grant, [
      ACCESS_RULE,
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] },
    ]);
    await bindClusterRole(other.client, grant, grant, [groupSubject('system:authenticated')]);
    await eventuallyStatus(
      ctx,
      () => there.get(configMapsPath(namespace)),
      200,
      `service account ${account} lists ConfigMaps in ${other.path} as an authenticated user`,
    );

    // Elsewhere a service account is not one: binding the group of all service accounts does not reach it.
    expectStatusCode(
      await mergePatch(other.client, `${CLUSTER_ROLE_BINDINGS_PATH}/${grant}`, {
        subjects: [groupSubject('system:serviceaccounts')],
      }),
      200,
    );
    await eventuallyStatus(
      ctx,
      () => there.get(configMapsPath(namespace)),
      403,
      `service account ${account} refused in ${other.path} when only system:serviceaccounts is bound`,
    );
  },
};
