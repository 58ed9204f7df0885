import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMapsPath } from '../framework/kube.js';
import { AREA } from './area.js';
import {
  bindClusterRole,
  eventuallyStatus,
  expectForbidden,
  namespaceObject,
  userSubject,
  WORKSPACE_ACCESS,
} from './rbac.js';

const RULES_REVIEWS = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';

interface RulesReview {
  status?: {
    resourceRules?: {
      verbs?: string[];
      apiGroups?: string[];
      resources?: string[];
      resourceNames?: string[];
    }[];
    nonResourceRules?: { verbs?: string[]; nonResourceURLs?: string[] }[];
    incomplete?: boolean;
  };
}

/** The rules kcp reports for a user whose only grant is system:kcp:workspace:access (kcp e2e, verified on kcp). */
const EXPECTED_RESOURCE_RULES = [
  {
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
];
const EXPECTED_NON_RESOURCE_RULES = [
  {
    verbs: ['get'],
    nonResourceURLs: [
      '/api',
      '/api/*',
      '/apis',
      '/apis/*',
      '/healthz',
      '/livez',
      '/openapi',
      '/openapi/*',
      '/readyz',
      '/version',
      '/version/',
    ],
  },
  { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
  { verbs: ['access'], nonResourceURLs: ['/'] },
];

/** Rules compared as a multiset, each with its lists in order, so neither order matters. */
function canonical(rules: readonly object[] | undefined): string[] {
  return (rules ?? [])
    .map((rule) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(rule)
            .filter(([, value]) => Array.isArray(value) && value.length > 0)
            .map(([key, value]) => [key, [...(value as string[])].sort()])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
        ),
      ),
    )
    .sort();
}

export const accessDefaultRules: ConformanceTest = {
  id: `${AREA}/workspace-access-default-rules`,
  area: AREA,
  description:
    'A user whose only grant in a workspace is a ClusterRoleBinding to system:kcp:workspace:access MUST get ' +
    "exactly kcp's default rules from a SelfSubjectRulesReview (create self reviews; get on discovery, health " +
    'and version paths; access on /), not incomplete, and MUST get 403 Forbidden creating namespaces or ' +
    'listing ConfigMaps; a user without that binding MUST NOT even be able to ask.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps],
  source: ['kcp: test/e2e/authorizer/authorizer_test.go', 'kcp: pkg/authorization/bootstrap/policy.go'],
  async run(ctx) {
    const [member, stranger] = ctx.users(2);
    const review = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      spec: { namespace: ctx.namespace },
    };
    await bindClusterRole(ctx.client, ctx.uniqueName('kh-access'), WORKSPACE_ACCESS, [
      userSubject(member.name),
    ]);
    const answer = await eventuallyStatus(
      ctx,
      () => member.client.post<RulesReview>(RULES_REVIEWS, review),
      201,
      `${member.name} asks for its rules`,
    );
    const status = (answer.body as RulesReview).status;
    expect(canonical(status?.resourceRules), 'resourceRules').to.deep.equal(
      canonical(EXPECTED_RESOURCE_RULES),
    );
    expect(canonical(status?.nonResourceRules), 'nonResourceRules').to.deep.equal(
      canonical(EXPECTED_NON_RESOURCE_RULES),
    );
    expect(status?.incomplete ?? false, 'incomplete').to.equal(false);

    expectForbidden(await member.client.post('/api/v1/namespaces', namespaceObject(ctx.uniqueName('kh-ns'))));
    expectForbidden(await member.client.get(configMapsPath(ctx.namespace)));
    expectForbidden(await stranger.client.post(RULES_REVIEWS, review));
  },
};
