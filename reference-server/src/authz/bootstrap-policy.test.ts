import { expect } from 'chai';

import type { KubeObject } from '../api/types.js';
import { authenticatedGroup, kcpAdminGroup, systemMasters } from '../authn/user.js';
import {
  rootWorkspacePolicy,
  systemAdminPolicy,
  type PolicyRule,
  type RbacPolicy,
} from './bootstrap-policy.js';

interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
}
interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

const name = (o: KubeObject): string => o.metadata?.name ?? '';
const rulesOf = (role: KubeObject): PolicyRule[] => role.rules as PolicyRule[];
const subjectsOf = (binding: KubeObject): Subject[] => (binding.subjects as Subject[] | undefined) ?? [];
const roleRefOf = (binding: KubeObject): RoleRef => binding.roleRef as RoleRef;

function roleNamed(policy: RbacPolicy, roleName: string): KubeObject {
  const role = policy.clusterRoles.find((r) => name(r) === roleName);
  if (role === undefined) throw new Error(`no ClusterRole ${roleName}`);
  return role;
}

function bindingNamed(policy: RbacPolicy, bindingName: string): KubeObject {
  const binding = policy.clusterRoleBindings.find((b) => name(b) === bindingName);
  if (binding === undefined) throw new Error(`no ClusterRoleBinding ${bindingName}`);
  return binding;
}

function expectWellFormed(policy: RbacPolicy): void {
  for (const [kind, objects] of [
    ['ClusterRole', policy.clusterRoles],
    ['ClusterRoleBinding', policy.clusterRoleBindings],
  ] as const) {
    const names = objects.map(name);
    expect(new Set(names).size, `${kind} names unique`).to.equal(names.length);
    for (const o of objects) {
      expect(o.apiVersion).to.equal('rbac.authorization.k8s.io/v1');
      expect(o.kind).to.equal(kind);
      expect(name(o)).to.match(/^[a-z0-9.:~-]+$/);
    }
  }
  for (const role of policy.clusterRoles) {
    expect(rulesOf(role), name(role)).to.be.an('array');
    for (const rule of rulesOf(role)) {
      const where = `${name(role)} ${JSON.stringify(rule)}`;
      expect(rule.verbs, where).to.be.an('array').with.length.greaterThan(0);
      if (rule.nonResourceURLs !== undefined) {
        // A rule is either about resources or about non-resource URLs, never both.
        expect(rule.nonResourceURLs, where).to.have.length.greaterThan(0);
        expect(rule.apiGroups, where).to.equal(undefined);
        expect(rule.resources, where).to.equal(undefined);
        expect(rule.resourceNames, where).to.equal(undefined);
      } else {
        expect(rule.apiGroups, where).to.be.an('array').with.length.greaterThan(0);
        expect(rule.resources, where).to.be.an('array').with.length.greaterThan(0);
        if (rule.resourceNames !== undefined) expect(rule.resourceNames, where).to.have.length.greaterThan(0);
      }
      for (const list of [
        rule.verbs,
        rule.apiGroups,
        rule.resources,
        rule.resourceNames,
        rule.nonResourceURLs,
      ]) {
        for (const v of list ?? []) expect(v, where).to.be.a('string');
      }
    }
  }
  for (const binding of policy.clusterRoleBindings) {
    expect(roleRefOf(binding)).to.have.keys('apiGroup', 'kind', 'name');
    expect(roleRefOf(binding).apiGroup).to.equal('rbac.authorization.k8s.io');
    expect(roleRefOf(binding).kind).to.equal('ClusterRole');
    for (const s of subjectsOf(binding)) {
      expect(s).to.deep.equal({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: s.name });
    }
  }
}

/** Independent restatement of the aggregation controller: roles by name, rules in order, no duplicates. */
function unionOfAggregatedRoles(policy: RbacPolicy, aggregating: KubeObject): PolicyRule[] {
  const selectors = (aggregating.aggregationRule as { clusterRoleSelectors: { matchLabels: object }[] })
    .clusterRoleSelectors;
  const union: PolicyRule[] = [];
  for (const { matchLabels } of selectors) {
    const sources = policy.clusterRoles
      .filter((r) => name(r) !== name(aggregating))
      .filter((r) =>
        Object.entries(matchLabels).every(([k, v]) => (r.metadata?.labels ?? {})[k] === (v as string)),
      )
      .map(name)
      .sort();
    for (const source of sources) {
      for (const rule of rulesOf(roleNamed(policy, source))) {
        if (!union.some((u) => JSON.stringify(u) === JSON.stringify(rule))) union.push(rule);
      }
    }
  }
  return union;
}

/**
 * What a SelfSubjectRulesReview reports for a user who has no bindings of their own: the rules of every
 * binding naming one of the user's groups, in system:admin and in the workspace, split into resource
 * and non-resource rules. A roleRef resolves in the workspace first, then in system:admin, as in kcp.
 */
function rulesForGroups(
  groups: string[],
  workspace: RbacPolicy,
): { resourceRules: PolicyRule[]; nonResourceRules: PolicyRule[] } {
  const bootstrap = systemAdminPolicy();
  const resolve = (roleName: string): KubeObject | undefined =>
    workspace.clusterRoles.find((r) => name(r) === roleName) ??
    bootstrap.clusterRoles.find((r) => name(r) === roleName);
  const rules = [...bootstrap.clusterRoleBindings, ...workspace.clusterRoleBindings]
    .filter((b) => subjectsOf(b).some((s) => s.kind === 'Group' && groups.includes(s.name)))
    .flatMap((b) => rulesOf(resolve(roleRefOf(b).name)!));
  return {
    resourceRules: rules.filter((r) => r.nonResourceURLs === undefined),
    nonResourceRules: rules.filter((r) => r.nonResourceURLs !== undefined),
  };
}

/** Rules compared as JSON in a fixed key order: order inside a rule matters, order between rules does not. */
function asSortedJson(rules: PolicyRule[]): string[] {
  return rules
    .map((r) =>
      JSON.stringify([
        r.verbs,
        r.apiGroups ?? [],
        r.resources ?? [],
        r.resourceNames ?? [],
        r.nonResourceURLs ?? [],
      ]),
    )
    .sort();
}

describe('bootstrap RBAC policy', () => {
  describe('systemAdminPolicy', () => {
    const policy = systemAdminPolicy();

    it('is well formed and every binding refers to one of its roles', () => {
      expectWellFormed(policy);
      const roleNames = new Set(policy.clusterRoles.map(name));
      for (const b of policy.clusterRoleBindings) expect(roleNames, name(b)).to.include(roleRefOf(b).name);
    });

    it('holds the user-facing Kubernetes roles and kcp roles, not the node and controller ones', () => {
      const names = policy.clusterRoles.map(name);
      expect(names).to.include.members([
        'cluster-admin',
        'admin',
        'edit',
        'view',
        'system:aggregate-to-admin',
        'system:aggregate-to-edit',
        'system:aggregate-to-view',
        'system:discovery',
        'system:basic-user',
        'system:public-info-viewer',
        'system:auth-delegator',
        'system:kcp:tenancy:reader',
        'system:kcp:workspace:access',
        'system:kcp:external-logical-cluster-admin',
      ]);
      const nodeOrController = /^system:(controller:|node|kubelet|kube-|heapster|certificates)/;
      expect(names.filter((n) => nodeOrController.test(n))).to.deep.equal([]);
    });

    it('marks Kubernetes bootstrap objects as Kubernetes does and leaves kcp objects plain', () => {
      for (const o of [roleNamed(policy, 'view'), bindingNamed(policy, 'system:basic-user')]) {
        expect(o.metadata?.labels?.['kubernetes.io/bootstrapping'], name(o)).to.equal('rbac-defaults');
        expect(o.metadata?.annotations, name(o)).to.deep.equal({
          'rbac.authorization.kubernetes.io/autoupdate': 'true',
        });
      }
      expect(roleNamed(policy, 'view').metadata?.labels).to.deep.equal({
        'kubernetes.io/bootstrapping': 'rbac-defaults',
        'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      });
      for (const o of [
        roleNamed(policy, 'system:kcp:tenancy:reader'),
        bindingNamed(policy, 'system:kcp:admin:cluster-admin'),
      ]) {
        expect(o.metadata, name(o)).to.deep.equal({ name: name(o) });
      }
    });

    it('fills admin, edit and view with the union of the roles they aggregate', () => {
      const aggregating = policy.clusterRoles.filter((r) => r.aggregationRule !== undefined).map(name);
      expect(aggregating).to.have.members(['admin', 'edit', 'view']);
      for (const roleName of aggregating) {
        const role = roleNamed(policy, roleName);
        expect(rulesOf(role), roleName).to.deep.equal(unionOfAggregatedRoles(policy, role));
      }
      // Sizes as kcp's clusterrole-aggregation controller leaves them.
      expect(rulesOf(roleNamed(policy, 'admin'))).to.have.length(29);
      expect(rulesOf(roleNamed(policy, 'edit'))).to.have.length(27);
      expect(rulesOf(roleNamed(policy, 'view'))).to.have.length(12);
      expect(roleNamed(policy, 'admin').aggregationRule).to.deep.equal({
        clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }],
      });
      // "edit" sorts before "system:aggregate-to-admin", so admin ends with the latter's rules.
      expect(rulesOf(roleNamed(policy, 'admin')).slice(-2)).to.deep.equal(
        rulesOf(roleNamed(policy, 'system:aggregate-to-admin')),
      );
    });

    it('has the discovery, basic-user and public-info rules kcp has', () => {
      expect(rulesOf(roleNamed(policy, 'system:basic-user'))).to.deep.equal([
        {
          verbs: ['create'],
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        },
        { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      ]);
      expect(rulesOf(roleNamed(policy, 'system:public-info-viewer'))).to.deep.equal([
        { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
      ]);
      expect(rulesOf(roleNamed(policy, 'cluster-admin'))).to.deep.equal([
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
        { verbs: ['*'], nonResourceURLs: ['*'] },
      ]);
    });

    it('binds the well-known groups', () => {
      const groupsOf = (b: string): string[] => subjectsOf(bindingNamed(policy, b)).map((s) => s.name);
      expect(groupsOf('cluster-admin')).to.deep.equal([systemMasters]);
      expect(groupsOf('system:kcp:admin:cluster-admin')).to.deep.equal([kcpAdminGroup]);
      expect(roleRefOf(bindingNamed(policy, 'system:kcp:admin:cluster-admin')).name).to.equal(
        'cluster-admin',
      );
      expect(groupsOf('system:discovery')).to.deep.equal([authenticatedGroup]);
      expect(groupsOf('system:basic-user')).to.deep.equal([authenticatedGroup]);
      expect(groupsOf('system:public-info-viewer')).to.deep.equal([
        authenticatedGroup,
        'system:unauthenticated',
      ]);
    });

    it('merges the pieces of system:kcp:external-logical-cluster-admin as kcp reconciles them', () => {
      const rules = rulesOf(roleNamed(policy, 'system:kcp:external-logical-cluster-admin'));
      expect(rules).to.have.length(30);
      // The first piece is kept whole; later pieces arrive one (group, resource, verb) per rule.
      expect(rules[0]).to.deep.equal({
        verbs: ['delete', 'get', 'update'],
        apiGroups: ['core.kcp.io'],
        resources: ['logicalclusters', 'logicalclusters/status'],
      });
      expect(rules.slice(-2)).to.deep.equal([
        { verbs: ['create'], apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'] },
        { verbs: ['get'], apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'] },
      ]);
    });

    it('returns fresh objects on every call', () => {
      const first = systemAdminPolicy();
      rulesOf(roleNamed(first, 'system:basic-user')).length = 0;
      first.clusterRoleBindings.length = 0;
      expect(rulesOf(roleNamed(systemAdminPolicy(), 'system:basic-user'))).to.have.length(2);
      expect(systemAdminPolicy().clusterRoleBindings).to.have.length.greaterThan(0);
    });
  });

  describe('rootWorkspacePolicy', () => {
    const policy = rootWorkspacePolicy([authenticatedGroup]);

    it('is well formed and every binding refers to a root or system:admin role', () => {
      expectWellFormed(policy);
      const roleNames = new Set([...policy.clusterRoles, ...systemAdminPolicy().clusterRoles].map(name));
      for (const b of policy.clusterRoleBindings) expect(roleNames, name(b)).to.include(roleRefOf(b).name);
      expect(policy.clusterRoleBindings.map(name)).to.not.include('metrics-viewer');
      expect(policy.clusterRoles.map(name)).to.not.include('metrics-viewer');
    });

    it('binds home workspace creation to the configured groups', () => {
      const homeCreate = 'system:kcp:configured-group:home-clusterworkspace-create';
      expect(
        subjectsOf(bindingNamed(rootWorkspacePolicy(['a', 'b']), homeCreate)).map((s) => s.name),
      ).to.deep.equal(['a', 'b']);
      expect(bindingNamed(rootWorkspacePolicy([]), homeCreate)).to.not.have.property('subjects');
      expect(roleRefOf(bindingNamed(policy, homeCreate)).name).to.equal(
        'system:kcp:home-clusterworkspace-create',
      );
    });

    it('gives an authenticated user without bindings exactly the rules real kcp reports in root', () => {
      // SelfSubjectRulesReview of user-1 (groups team-1, system:authenticated) in root, namespace default.
      const got = rulesForGroups(['team-1', authenticatedGroup], policy);
      expect(asSortedJson(got.resourceRules)).to.deep.equal(
        asSortedJson([
          {
            verbs: ['create'],
            apiGroups: ['authorization.k8s.io'],
            resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
          },
          { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
          {
            verbs: ['use'],
            apiGroups: ['tenancy.kcp.io'],
            resources: ['workspacetypes'],
            resourceNames: ['universal', 'organization', 'team'],
          },
          {
            verbs: ['bind'],
            apiGroups: ['apis.kcp.io'],
            resources: ['apiexports'],
            resourceNames: ['tenancy.kcp.io'],
          },
          { verbs: ['get', 'list', 'watch'], apiGroups: ['tenancy.kcp.io'], resources: ['workspaces'] },
          { verbs: ['get', 'list', 'watch'], apiGroups: ['tenancy.kcp.io'], resources: ['workspacetypes'] },
          { verbs: ['get', 'list', 'watch'], apiGroups: ['core.kcp.io'], resources: ['logicalclusters'] },
          {
            verbs: ['bind'],
            apiGroups: ['apis.kcp.io'],
            resources: ['apiexports'],
            resourceNames: ['topology.kcp.io'],
          },
          {
            verbs: ['get', 'create'],
            apiGroups: ['tenancy.kcp.io'],
            resources: ['workspaces'],
            resourceNames: ['~'],
          },
        ]),
      );
      expect(asSortedJson(got.nonResourceRules)).to.deep.equal(
        asSortedJson([
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
        ]),
      );
    });

    it('gives a user outside the home-creator groups no home workspace rule', () => {
      const got = rulesForGroups([authenticatedGroup], rootWorkspacePolicy(['creators']));
      expect(got.resourceRules.filter((r) => r.resourceNames?.includes('~'))).to.deep.equal([]);
      const creator = rulesForGroups(['creators'], rootWorkspacePolicy(['creators']));
      expect(creator.resourceRules).to.deep.equal([
        {
          verbs: ['get', 'create'],
          apiGroups: ['tenancy.kcp.io'],
          resources: ['workspaces'],
          resourceNames: ['~'],
        },
      ]);
    });
  });
});
