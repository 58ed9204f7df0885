import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { ownWorkspace } from '../framework/workspace-checks.js';
import { AREA } from './area.js';
import {
  bindClusterRole,
  bindRole,
  createRole,
  eventuallyStatus,
  expectForbidden,
  namespaceObject,
  userSubject,
  WORKSPACE_ACCESS,
} from './rbac.js';

const AUTHORIZATION = '/apis/authorization.k8s.io/v1';
/** kcp reports every denial with this reason, whichever authorizer denied (pkg/authorization/decorator.go). */
const DENIED_REASON = 'access denied';

interface Review {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

/** One request the user makes, described for both enforcement and the reviews. */
interface Case {
  what: string;
  where: ClusterClient;
  /** The user's client for the same workspace. */
  as: ClusterClient;
  /** Whether the user has `access` to that workspace, without which it may not even ask there. */
  admitted: boolean;
  path: string;
  attributes:
    | { resourceAttributes: { namespace: string; verb: string; version: string; resource: string } }
    | { nonResourceAttributes: { path: string; verb: string } };
  allowed: boolean;
}

function expectAnswer(
  response: Awaited<ReturnType<ClusterClient['post']>>,
  allowed: boolean,
  what: string,
): void {
  const status = (expectStatusCode(response, 201) as Review).status;
  const where = `${what}: ${describeResponse(response)}`;
  expect(status?.allowed ?? false, where).to.equal(allowed);
  if (!allowed) expect(status?.reason, where).to.equal(DENIED_REASON);
}

export const accessReviews: ConformanceTest = {
  id: `${AREA}/access-reviews-match-enforcement`,
  area: AREA,
  description:
    'SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectAccessReview MUST answer what enforcement ' +
    'does for the same user and request: allowed where the request succeeds, and allowed false with reason ' +
    '"access denied" where it is 403, including in a workspace where the user has no access at all.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/authorizer/authorizer_test.go',
    'kcp: pkg/authorization/decorator.go',
    'kubernetes: staging/src/k8s.io/api/authorization/v1/types.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const [user] = ctx.users(1);
    const own = ownWorkspace(ctx);
    const { namespace } = ctx;
    const role = ctx.uniqueName('kh-configmap-reader');
    await createRole(ctx.client, namespace, role, [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] },
    ]);
    await bindRole(ctx.client, namespace, role, role, [userSubject(user.name)]);
    await bindClusterRole(ctx.client, ctx.uniqueName('kh-access'), WORKSPACE_ACCESS, [
      userSubject(user.name),
    ]);
    await eventuallyStatus(
      ctx,
      () => user.client.get(`/api/v1/namespaces/${namespace}/configmaps`),
      200,
      `${user.name} lists ConfigMaps in ${own.path}`,
    );
    const sibling = await ctx.createWorkspace(ctx.uniqueName('kh-sibling'), { parent: own.parentPath });
    expectStatusCode(await sibling.client.post('/api/v1/namespaces', namespaceObject(namespace)), 201);

    const resource = (name: string) => ({
      resourceAttributes: { namespace, verb: 'list', version: 'v1', resource: name },
    });
    const version = { nonResourceAttributes: { path: '/version', verb: 'get' } };
    const inOwn = { where: ctx.client, as: user.client, admitted: true };
    const inSibling = { where: sibling.client, as: user.client.at(sibling.client.baseUrl), admitted: false };
    const cases: Case[] = [
      {
        what: 'list configmaps',
        ...inOwn,
        path: `/api/v1/namespaces/${namespace}/configmaps`,
        attributes: resource('configmaps'),
        allowed: true,
      },
      {
        what: 'list secrets',
        ...inOwn,
        path: `/api/v1/namespaces/${namespace}/secrets`,
        attributes: resource('secrets'),
        allowed: false,
      },
      { what: 'get /version', ...inOwn, path: '/version', attributes: version, allowed: true },
      {
        what: 'list configmaps in the sibling',
        ...inSibling,
        path: `/api/v1/namespaces/${namespace}/configmaps`,
        attributes: resource('configmaps'),
        allowed: false,
      },
      {
        what: 'get /version in the sibling',
        ...inSibling,
        path: '/version',
        attributes: version,
        allowed: false,
      },
    ];
    for (const check of cases) {
      const enforced = await check.as.get(check.path);
      expect(enforced.status, `${check.what}: ${describeResponse(enforced)}`).to.equal(
        check.allowed ? 200 : 403,
      );

      const subject = { user: user.name, groups: [...user.groups] };
      const sar = await check.where.post(`${AUTHORIZATION}/subjectaccessreviews`, {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: { ...subject, ...check.attributes },
      });
      expectAnswer(sar, check.allowed, `SubjectAccessReview: ${check.what}`);
      if ('resourceAttributes' in check.attributes) {
        const lsar = await check.where.post(
          `${AUTHORIZATION}/namespaces/${namespace}/localsubjectaccessreviews`,
          {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'LocalSubjectAccessReview',
            metadata: { namespace },
            spec: { ...subject, ...check.attributes },
          },
        );
        expectAnswer(lsar, check.allowed, `LocalSubjectAccessReview: ${check.what}`);
      }
      const ssar = await check.as.post(`${AUTHORIZATION}/selfsubjectaccessreviews`, {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: check.attributes,
      });
      if (check.admitted) expectAnswer(ssar, check.allowed, `SelfSubjectAccessReview: ${check.what}`);
      else expectForbidden(ssar);
    }
  },
};
