import { expect } from 'chai';
import type { KubeObject } from '../api/types.js';
import type { UserInfo } from '../authn/user.js';
import { effectiveUsers, isInScope } from './effective-users.js';
import { buildPolicyIndex, type PolicyObjects } from './policy-index.js';
import { rbacAllows, rbacRules, type PolicySources } from './rbac-evaluator.js';
import { ruleAllows, type RuleRequest } from './rbac-rules.js';

const rbacGroup = 'rbac.authorization.k8s.io';

function clusterRole(name: string, rules: object[], extra: Partial<KubeObject> = {}): KubeObject {
  return { kind: 'ClusterRole', metadata: { name }, rules, ...extra };
}
function role(namespace: string, name: string, rules: object[]): KubeObject {
  return { kind: 'Role', metadata: { name, namespace }, rules };
}
function binding(
  kind: 'ClusterRoleBinding' | 'RoleBinding',
  name: string,
  roleRef: { kind: string; name: string },
  subjects: object[],
  namespace?: string,
): KubeObject {
  return {
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: rbacGroup, ...roleRef },
    subjects,
  };
}
const user = (name: string, ...groups: string[]): UserInfo => ({ name, uid: '', groups });
const index = (o: Partial<PolicyObjects>) =>
  buildPolicyIndex({ clusterRoles: [], roles: [], clusterRoleBindings: [], roleBindings: [], ...o });
const request = (r: Partial<RuleRequest>): RuleRequest => ({
  verb: 'get',
  isResourceRequest: true,
  path: '',
  group: '',
  resource: 'configmaps',
  subresource: '',
  name: '',
  ...r,
});

describe('RBAC rule matching', () => {
  const cases: [string, object, Partial<RuleRequest>, boolean][] = [
    ['exact', { verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }, {}, true],
    ['verb *', { verbs: ['*'], apiGroups: [''], resources: ['configmaps'] }, { verb: 'delete' }, true],
    ['other verb', { verbs: ['list'], apiGroups: [''], resources: ['configmaps'] }, {}, false],
    [
      'group *',
      { verbs: ['get'], apiGroups: ['*'], resources: ['roles'] },
      { group: rbacGroup, resource: 'roles' },
      true,
    ],
    ['other group', { verbs: ['get'], apiGroups: ['apps'], resources: ['configmaps'] }, {}, false],
    ['no apiGroups', { verbs: ['get'], resources: ['configmaps'] }, {}, false],
    ['resource *', { verbs: ['get'], apiGroups: [''], resources: ['*'] }, { subresource: 'status' }, true],
    [
      'main resource does not grant subresource',
      { verbs: ['get'], apiGroups: [''], resources: ['namespaces'] },
      { resource: 'namespaces', subresource: 'status' },
      false,
    ],
    [
      'resource/subresource',
      { verbs: ['get'], apiGroups: [''], resources: ['namespaces/status'] },
      { resource: 'namespaces', subresource: 'status' },
      true,
    ],
    [
      '*/subresource',
      { verbs: ['get'], apiGroups: [''], resources: ['*/status'] },
      { resource: 'namespaces', subresource: 'status' },
      true,
    ],
    [
      '*/subresource not the main resource',
      { verbs: ['get'], apiGroups: [''], resources: ['*/status'] },
      { resource: 'namespaces' },
      false,
    ],
    [
      'resourceNames match',
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
      { name: 'a' },
      true,
    ],
    [
      'resourceNames and a list (no name)',
      { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
      { verb: 'list' },
      false,
    ],
    [
      'non-resource exact',
      { verbs: ['get'], nonResourceURLs: ['/version'] },
      { isResourceRequest: false, path: '/version' },
      true,
    ],
    [
      'non-resource prefix *',
      { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      { isResourceRequest: false, path: '/apis/x/y' },
      true,
    ],
    [
      'non-resource prefix * needs the prefix',
      { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      { isResourceRequest: false, path: '/apis' },
      false,
    ],
    [
      'non-resource *',
      { verbs: ['*'], nonResourceURLs: ['*'] },
      { isResourceRequest: false, verb: 'access', path: '/' },
      true,
    ],
    [
      'resource rule never grants a path',
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { isResourceRequest: false, path: '/api' },
      false,
    ],
    ['path rule never grants a resource', { verbs: ['*'], nonResourceURLs: ['*'] }, {}, false],
  ];
  for (const [name, rule, req, want] of cases)
    it(`${name} → ${want}`, () => expect(ruleAllows(rule as never, request(req))).to.equal(want));
});

describe('effective users (kcp scoping)', () => {
  const sa: UserInfo = {
    name: 'system:serviceaccount:default:bot',
    uid: 'u',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
    extra: {
      'authentication.kcp.io/cluster-name': ['home'],
      'authentication.kcp.io/scopes': ['cluster:home'],
    },
  };
  it('a service account is itself in its home cluster only', () => {
    expect(isInScope(sa, 'home')).to.equal(true);
    expect(isInScope(sa, 'other')).to.equal(false);
    expect(effectiveUsers(sa, 'other')).to.deep.equal([
      { name: 'system:anonymous', uid: '', groups: ['system:authenticated', 'system:cluster:home'] },
    ]);
  });
  it('an impersonated user scoped to one cluster is anonymous elsewhere', () => {
    const scoped = {
      ...user('alice', 'system:authenticated'),
      extra: { 'authentication.kcp.io/scopes': ['cluster:a'] },
    };
    expect(effectiveUsers(scoped, 'a')).to.deep.equal([scoped]);
    expect(effectiveUsers(scoped, 'b')[0]!.name).to.equal('system:anonymous');
    expect(effectiveUsers(scoped, 'b')[0]!.groups).to.deep.equal([
      'system:authenticated',
      'system:cluster:a',
    ]);
  });
  it('an ordinary user is global', () => {
    expect(effectiveUsers(user('alice'), 'anything')).to.deep.equal([user('alice')]);
  });
});

describe('RBAC evaluation over bootstrap and local policy', () => {
  const bootstrap = index({
    clusterRoles: [
      clusterRole('cluster-admin', [
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
        { verbs: ['*'], nonResourceURLs: ['*'] },
      ]),
      clusterRole('view', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }]),
      clusterRole('system:basic-user', [
        { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'] },
      ]),
    ],
    clusterRoleBindings: [
      binding(
        'ClusterRoleBinding',
        'system:kcp:admin:cluster-admin',
        { kind: 'ClusterRole', name: 'cluster-admin' },
        [{ kind: 'Group', name: 'system:kcp:admin' }],
      ),
      binding('ClusterRoleBinding', 'system:basic-user', { kind: 'ClusterRole', name: 'system:basic-user' }, [
        { kind: 'Group', name: 'system:authenticated' },
      ]),
    ],
  });
  const local = index({
    clusterRoles: [
      clusterRole('secrets-reader', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]),
      clusterRole('aggregated', [], {
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/agg': 'true' } }] },
      }),
      clusterRole('piece', [{ verbs: ['delete'], apiGroups: [''], resources: ['configmaps'] }], {
        metadata: { name: 'piece', labels: { 'example.com/agg': 'true' } },
      }),
    ],
    roles: [role('ns1', 'cm-writer', [{ verbs: ['create'], apiGroups: [''], resources: ['configmaps'] }])],
    clusterRoleBindings: [
      binding('ClusterRoleBinding', 'alice-view', { kind: 'ClusterRole', name: 'view' }, [
        { kind: 'User', name: 'alice' },
      ]),
      binding('ClusterRoleBinding', 'carol-agg', { kind: 'ClusterRole', name: 'aggregated' }, [
        { kind: 'User', name: 'carol' },
      ]),
      binding('ClusterRoleBinding', 'dangling', { kind: 'ClusterRole', name: 'missing' }, [
        { kind: 'User', name: 'dave' },
      ]),
    ],
    roleBindings: [
      binding(
        'RoleBinding',
        'bob-writer',
        { kind: 'Role', name: 'cm-writer' },
        [{ kind: 'User', name: 'bob' }],
        'ns1',
      ),
      binding(
        'RoleBinding',
        'bob-secrets',
        { kind: 'ClusterRole', name: 'secrets-reader' },
        [{ kind: 'Group', name: 'team' }],
        'ns1',
      ),
      binding(
        'RoleBinding',
        'sa',
        { kind: 'ClusterRole', name: 'secrets-reader' },
        [{ kind: 'ServiceAccount', name: 'bot' }],
        'ns2',
      ),
    ],
  });
  const sources: PolicySources = { bootstrap, local };
  const allows = (u: UserInfo, namespace: string, r: Partial<RuleRequest>) =>
    rbacAllows(sources, u, 'c', namespace, request(r));

  it('local ClusterRoleBindings use roles from system:admin', () => {
    expect(allows(user('alice'), 'any', { verb: 'list' })).to.equal(true);
    expect(allows(user('alice'), '', { verb: 'delete' })).to.equal(false);
  });
  it('system:admin bindings apply in every cluster', () => {
    expect(allows(user('x', 'system:kcp:admin'), 'ns', { verb: 'delete', resource: 'secrets' })).to.equal(
      true,
    );
    expect(
      allows(user('x', 'system:authenticated'), '', {
        verb: 'create',
        group: 'authorization.k8s.io',
        resource: 'selfsubjectaccessreviews',
      }),
    ).to.equal(true);
  });
  it('RoleBindings grant only in their namespace, to users and groups', () => {
    expect(allows(user('bob'), 'ns1', { verb: 'create' })).to.equal(true);
    expect(allows(user('bob'), 'ns2', { verb: 'create' })).to.equal(false);
    expect(allows(user('bob'), '', { verb: 'create' })).to.equal(false);
    expect(allows(user('eve', 'team'), 'ns1', { resource: 'secrets' })).to.equal(true);
    expect(allows(user('eve', 'team'), 'ns2', { resource: 'secrets' })).to.equal(false);
  });
  it('a ServiceAccount subject defaults to the binding namespace', () => {
    expect(allows(user('system:serviceaccount:ns2:bot'), 'ns2', { resource: 'secrets' })).to.equal(true);
    expect(allows(user('system:serviceaccount:ns1:bot'), 'ns2', { resource: 'secrets' })).to.equal(false);
  });
  it('an aggregated ClusterRole gets the rules its selector picks', () => {
    expect(allows(user('carol'), 'ns', { verb: 'delete' })).to.equal(true);
  });
  it('a null aggregation selector is an empty one (Go zero value) and poisons nothing', () => {
    // The bad-input corpus stored such a role; every request of the workspace then answered 500.
    const built = index({
      clusterRoles: [
        clusterRole('reader', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }], {
          metadata: { name: 'reader', labels: { a: 'b' } },
        }),
        clusterRole('odd', [], {
          aggregationRule: { clusterRoleSelectors: [null, { matchExpressions: [null] }] },
        }),
        clusterRole('broken', [], { aggregationRule: { clusterRoleSelectors: 'x' } }),
      ],
    });
    expect(built.clusterRoles.get('odd')).to.deep.equal([
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'] },
    ]);
    expect(built.clusterRoles.get('broken')).to.deep.equal([]);
  });
  it('a foreign service account matches only system:authenticated', () => {
    const sa: UserInfo = {
      name: 'system:serviceaccount:ns2:bot',
      uid: '',
      groups: ['system:serviceaccounts', 'system:authenticated'],
      extra: { 'authentication.kcp.io/cluster-name': ['elsewhere'] },
    };
    expect(allows(sa, 'ns2', { resource: 'secrets' })).to.equal(false);
    expect(
      allows(sa, '', { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }),
    ).to.equal(true);
  });
  it('rules reviews list bootstrap rules first and report missing roles as incomplete', () => {
    const review = rbacRules(sources, user('dave', 'system:authenticated'), 'c', 'ns1');
    expect(review.resourceRules[0]).to.deep.equal({
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews'],
    });
    expect(review.incomplete).to.equal(true);
    expect(review.evaluationError).to.equal('clusterrole.rbac.authorization.k8s.io "missing" not found');
  });
  it('looks up only the bindings naming the user, among many', () => {
    const many = index({
      clusterRoles: [clusterRole('r', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }])],
      roleBindings: Array.from({ length: 5000 }, (_, i) =>
        binding(
          'RoleBinding',
          `b${i}`,
          { kind: 'ClusterRole', name: 'r' },
          [{ kind: 'User', name: `u${i}` }],
          'ns',
        ),
      ),
    });
    const s = { bootstrap, local: many };
    expect(rbacAllows(s, user('u4999'), 'c', 'ns', request({}))).to.equal(true);
    expect(rbacAllows(s, user('u5000'), 'c', 'ns', request({}))).to.equal(false);
  });
});

describe('RBAC role merging', () => {
  it('merges a workspace role with the same-named system:admin role, as kcp does', () => {
    const bootstrap = buildPolicyIndex({
      clusterRoles: [clusterRole('edit', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }])],
      roles: [],
      clusterRoleBindings: [],
      roleBindings: [],
    });
    const local = buildPolicyIndex({
      clusterRoles: [clusterRole('edit', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }])],
      roles: [],
      clusterRoleBindings: [
        binding('ClusterRoleBinding', 'b', { kind: 'ClusterRole', name: 'edit' }, [
          { kind: 'User', name: 'alice' },
        ]),
      ],
      roleBindings: [],
    });
    const s = { bootstrap, local };
    expect(rbacAllows(s, user('alice'), 'c', '', request({ resource: 'secrets' }))).to.equal(true);
    expect(rbacAllows(s, user('alice'), 'c', '', request({ resource: 'configmaps' }))).to.equal(true);
  });
});
