// kcp's authorizer chain as the oracle models it (kcp-behavior.md §5): masters, always-allowed
// paths, the workspace content gate, system CRDs, maximal permission policies, and the union of
// bootstrap and workspace RBAC.
import { expect } from 'chai';
import { authorize, prefixIdentity, type KcpPolicyWorld, type WorkspacePolicy } from './rbac-oracle.js';
import { emptyPolicy, type Identity, type RbacPolicy, type RequestAttributes } from './rbac-rules.js';

const WS = 'root:org:ws';
const AUTH = 'system:authenticated';
const user = (name: string, ...groups: string[]): Identity => ({ name, groups: [...groups, AUTH] });
const alice = user('alice');
const bob = user('bob');
const robot = user('system:serviceaccount:ns-a:robot', 'system:serviceaccounts');

const resource = (
  verb: string,
  resourceName: string,
  over: Partial<RequestAttributes> = {},
): RequestAttributes =>
  ({
    kind: 'resource',
    verb,
    apiGroup: '',
    resource: resourceName,
    subresource: '',
    namespace: 'ns-a',
    name: '',
    ...over,
  }) as RequestAttributes;
const path = (p: string, verb = 'get'): RequestAttributes => ({ kind: 'nonResource', verb, path: p });
const ref = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
const userSubject = (name: string) => ({ kind: 'User', name });

function systemAdmin(): RbacPolicy {
  return {
    clusterRoles: [
      {
        name: 'cluster-admin',
        rules: [
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
          { verbs: ['*'], nonResourceURLs: ['*'] },
        ],
      },
      { name: 'system:kcp:workspace:access', rules: [{ verbs: ['access'], nonResourceURLs: ['/'] }] },
      { name: 'system:discovery', rules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }] },
      { name: 'view', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }] },
    ],
    roles: [],
    clusterRoleBindings: [
      {
        name: 'system:discovery',
        roleRef: ref('ClusterRole', 'system:discovery'),
        subjects: [{ kind: 'Group', name: AUTH }],
      },
      {
        name: 'system:kcp:admin:cluster-admin',
        roleRef: ref('ClusterRole', 'cluster-admin'),
        subjects: [{ kind: 'Group', name: 'system:kcp:admin' }],
      },
    ],
    roleBindings: [],
  };
}

function rootPolicy(): RbacPolicy {
  return {
    ...emptyPolicy(),
    clusterRoles: [
      {
        name: 'mpp',
        rules: [
          { verbs: ['*'], apiGroups: ['tenancy.kcp.io'], resources: ['workspaces'] },
          { verbs: ['get'], apiGroups: ['tenancy.kcp.io'], resources: ['workspaces/status'] },
        ],
      },
    ],
    clusterRoleBindings: [
      {
        name: 'mpp',
        roleRef: ref('ClusterRole', 'mpp'),
        subjects: [{ kind: 'Group', name: `apis.kcp.io:binding:${AUTH}` }],
      },
    ],
  };
}

function workspace(): WorkspacePolicy {
  return {
    rbac: {
      clusterRoles: [
        // Shadows system:admin's view: kcp merges the two.
        { name: 'view', rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }] },
        { name: 'everything', rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] },
      ],
      roles: [
        {
          namespace: 'ns-a',
          name: 'lister',
          rules: [{ verbs: ['list'], apiGroups: [''], resources: ['configmaps'] }],
        },
        {
          namespace: 'ns-b',
          name: 'only-in-b',
          rules: [{ verbs: ['delete'], apiGroups: [''], resources: ['*'] }],
        },
      ],
      clusterRoleBindings: [
        {
          name: 'access',
          roleRef: ref('ClusterRole', 'system:kcp:workspace:access'),
          subjects: [userSubject('alice')],
        },
        { name: 'viewers', roleRef: ref('ClusterRole', 'view'), subjects: [userSubject('alice')] },
        { name: 'carol-all', roleRef: ref('ClusterRole', 'everything'), subjects: [userSubject('carol')] },
        {
          name: 'carol-access',
          roleRef: ref('ClusterRole', 'system:kcp:workspace:access'),
          subjects: [userSubject('carol')],
        },
      ],
      roleBindings: [
        {
          namespace: 'ns-a',
          name: 'listers',
          roleRef: ref('Role', 'lister'),
          subjects: [userSubject('alice'), userSubject('bob')],
        },
        {
          namespace: 'ns-a',
          name: 'elsewhere',
          roleRef: ref('Role', 'only-in-b'),
          subjects: [userSubject('alice')],
        },
        {
          namespace: 'ns-a',
          name: 'robot',
          roleRef: ref('ClusterRole', 'view'),
          subjects: [{ kind: 'ServiceAccount', name: 'robot' }],
        },
        // access through a RoleBinding does not open the content gate
        {
          namespace: 'ns-a',
          name: 'bob-access',
          roleRef: ref('ClusterRole', 'system:kcp:workspace:access'),
          subjects: [userSubject('bob')],
        },
      ],
    },
    boundResources: [
      {
        group: 'tenancy.kcp.io',
        resource: 'workspaces',
        maximalPermissionPolicy: { exportCluster: 'root', policy: rootPolicy() },
      },
    ],
  };
}

const world: KcpPolicyWorld = { systemAdmin: systemAdmin(), workspaces: new Map([[WS, workspace()]]) };
const decide = (who: Identity, a: RequestAttributes, cluster: string = WS) =>
  authorize(world, who, cluster, a);
/** A request without /clusters/<name>. */
const decideWithoutCluster = (who: Identity, a: RequestAttributes) => authorize(world, who, undefined, a);

describe('rbac oracle (kcp authorizer chain)', () => {
  it('allows system:masters everything, anywhere', () => {
    const masters = user('admin', 'system:masters');
    expect(decide(masters, resource('delete', 'secrets'), 'root:unknown')).to.include({
      allowed: true,
      basis: 'system:masters',
    });
    expect(decideWithoutCluster(masters, path('/metrics')).allowed).to.equal(true);
  });

  it('allows /healthz, /readyz and /livez to anyone, without workspace access', () => {
    for (const p of ['/healthz', '/readyz', '/livez']) {
      expect(decide(bob, path(p))).to.include({ allowed: true, basis: 'always-allowed path' });
    }
    expect(decide(bob, path('/version'))).to.include({ allowed: false, basis: 'content gate' });
  });

  it('denies everything, discovery included, to a user without verb access on / in the workspace', () => {
    expect(decide(bob, path('/api'))).to.include({ allowed: false, basis: 'content gate' });
    // bob's RoleBinding would allow the list, and his RoleBinding to the access role does not count.
    expect(decide(bob, resource('list', 'configmaps'))).to.include({ allowed: false, basis: 'content gate' });
  });

  it('applies the bootstrap policy of system:admin in every workspace, behind the gate', () => {
    expect(decide(alice, path('/api/v1'))).to.include({ allowed: true, basis: 'bootstrap policy' });
    const kcpAdmin = user('kcp-admin', 'system:kcp:admin');
    expect(decide(kcpAdmin, resource('delete', 'secrets', { name: 'x' }))).to.include({ allowed: true });
  });

  it('lets service accounts past the gate; RBAC still decides', () => {
    expect(decide(robot, resource('get', 'configmaps', { name: 'x' }))).to.include({
      allowed: true,
      basis: 'workspace RoleBinding',
    });
    expect(decide(robot, resource('get', 'configmaps', { namespace: 'ns-b', name: 'x' }))).to.include({
      allowed: false,
      basis: 'no matching rule',
    });
  });

  it('applies RoleBindings only in their namespace, and their Roles only from that namespace', () => {
    expect(decide(alice, resource('list', 'configmaps'))).to.include({ allowed: true });
    expect(decide(alice, resource('list', 'secrets', { namespace: 'ns-b' })).allowed).to.equal(false);
    expect(decide(alice, resource('list', 'secrets', { namespace: '' })).allowed).to.equal(false);
    // 'elsewhere' in ns-a refers to a Role that exists only in ns-b.
    expect(decide(alice, resource('delete', 'secrets', { name: 'x' })).allowed).to.equal(false);
  });

  it('merges a workspace ClusterRole with the bootstrap ClusterRole of the same name', () => {
    const secret = decide(alice, resource('get', 'secrets', { name: 'x' }));
    expect(secret).to.include({ allowed: true, basis: 'workspace ClusterRoleBinding' });
    expect(secret.reasoning.join('\n')).to.contain(`from ${WS} + system:admin`);
    expect(decide(alice, resource('get', 'configmaps', { namespace: 'ns-b', name: 'x' })).allowed).to.equal(
      true,
    );
  });

  it('enforces the maximal permission policy of the APIExport that provides a resource', () => {
    const ws = (verb: string, subresource = '') =>
      resource(verb, 'workspaces', { apiGroup: 'tenancy.kcp.io', namespace: '', name: 'w', subresource });
    expect(decide(user('carol'), ws('delete')).allowed).to.equal(true);
    expect(decide(user('carol'), ws('get', 'status')).allowed).to.equal(true);
    expect(decide(user('carol'), ws('update', 'status'))).to.include({
      allowed: false,
      basis: 'maximal permission policy',
    });
  });

  it('never allows apibindings/status or apiexports/status through RBAC', () => {
    const a = resource('update', 'apibindings', {
      apiGroup: 'apis.kcp.io',
      namespace: '',
      name: 'b',
      subresource: 'status',
    });
    expect(decide(user('carol'), a)).to.include({ allowed: false, basis: 'system CRD' });
  });

  it('denies requests to unknown and system: workspaces and without a workspace', () => {
    expect(decide(alice, path('/api'), 'root:elsewhere').basis).to.equal('no workspace');
    expect(decide(alice, path('/api'), 'system:admin').allowed).to.equal(false);
    expect(decideWithoutCluster(alice, path('/api')).allowed).to.equal(false);
  });

  it('lets logical-cluster admins past the gate', () => {
    const controller = user('controller', 'system:kcp:logical-cluster-admin');
    expect(decide(controller, path('/api'))).to.include({ allowed: true, basis: 'bootstrap policy' });
  });

  it('prefixes users and groups for maximal permission policies; a service account without home cluster becomes anonymous', () => {
    expect(prefixIdentity(alice)).to.deep.equal({
      name: 'apis.kcp.io:binding:alice',
      groups: ['apis.kcp.io:binding:system:authenticated'],
    });
    expect(prefixIdentity(robot)).to.deep.equal({
      name: 'apis.kcp.io:binding:system:anonymous',
      groups: ['apis.kcp.io:binding:system:authenticated'],
    });
  });

  it('explains a denial with the bindings that name the user', () => {
    const v = decide(alice, resource('delete', 'configmaps', { name: 'x' }));
    expect(v).to.include({ allowed: false, basis: 'no matching rule' });
    expect(v.reasoning.join('\n')).to.contain('RoleBinding ns-a/listers');
  });
});
