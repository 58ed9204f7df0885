// RBAC escalation prevention on the reference server: a user may write roles and bindings only
// within what they hold, unless they may `escalate` roles or `bind` the role. Expectations were
// probed on kcp (dac74f59) with the same objects; kcp differs in one place, noted below.
import { expect } from 'chai';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const NS_RBAC = `${RBAC}/namespaces/default`;

const role = (name: string, rules: object[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name },
  rules,
});
const roleBinding = (name: string, kind: 'Role' | 'ClusterRole', roleName: string, user: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
});

describe('RBAC escalation prevention', function () {
  this.timeout(60_000);
  let ctx: ServerWithClients;
  let admin: ClusterClient; // system:masters
  let ws: ClusterClient;
  let alice: ClusterClient;

  before(async function () {
    ctx = await startServerWithClients('rbac-escalation');
    admin = await ctx.client('system:admin');
    const root = admin.at(admin.baseUrl.replace(/\/clusters\/.*$/, '/clusters/root'));
    const created = await root.post('/apis/tenancy.kcp.io/v1alpha1/workspaces', {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'esc' },
    });
    expect(created.status, created.text).to.equal(201);
    ws = root.at(root.baseUrl.replace(/\/clusters\/root$/, '/clusters/root:esc'));
    for (let i = 0; ; i++) {
      const got = await root.get<{ status?: { phase?: string } }>(
        '/apis/tenancy.kcp.io/v1alpha1/workspaces/esc',
      );
      if (got.body?.status?.phase === 'Ready') break;
      if (i > 200) throw new Error(`workspace esc not Ready: ${got.text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // alice: access to the workspace, writes roles and rolebindings in default, reads configmaps there.
    const setup: [string, object][] = [
      [
        `${RBAC}/clusterrolebindings`,
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'alice-access' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'system:kcp:workspace:access',
          },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
        },
      ],
      [
        `${NS_RBAC}/roles`,
        role('rbac-writer', [
          {
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['roles', 'rolebindings'],
            verbs: ['create', 'get'],
          },
        ]),
      ],
      [
        `${NS_RBAC}/roles`,
        role('cm-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
      ],
      [`${NS_RBAC}/rolebindings`, roleBinding('alice-writer', 'Role', 'rbac-writer', 'alice')],
      [`${NS_RBAC}/rolebindings`, roleBinding('alice-cm', 'Role', 'cm-reader', 'alice')],
    ];
    for (const [path, body] of setup) {
      const response = await ws.post(path, body);
      expect(response.status, response.text).to.equal(201);
    }
    alice = ws.withHeaders({ 'Impersonate-User': 'alice' });
  });
  after(async () => ctx?.stop());

  it('refuses a Role with rules the author does not hold, naming what is missing', async function () {
    const response = await alice.post<{ reason?: string; message?: string }>(
      `${NS_RBAC}/roles`,
      role('wider', [{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list'] }]),
    );
    expect(response.status, response.text).to.equal(403);
    expect(response.body.message).to.equal(
      'roles.rbac.authorization.k8s.io "wider" is forbidden: user "alice" (groups=["system:authenticated"]) ' +
        'is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["configmaps"], Verbs:["list"]}\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
    );
  });

  it('accepts a Role and a RoleBinding within what the author holds', async function () {
    const r = await alice.post(
      `${NS_RBAC}/roles`,
      role('same', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
    );
    expect(r.status, r.text).to.equal(201);
    const b = await alice.post(`${NS_RBAC}/rolebindings`, roleBinding('same', 'Role', 'cm-reader', 'bob'));
    expect(b.status, b.text).to.equal(201);
  });

  it('refuses to bind a role the author does not hold (cluster-admin), and 404s an unknown role', async function () {
    const escalate = await alice.post(
      `${NS_RBAC}/rolebindings`,
      roleBinding('up', 'ClusterRole', 'cluster-admin', 'alice'),
    );
    // kcp answers this one 404 (its RBAC storage does not resolve system:admin's ClusterRoles);
    // Kubernetes and this server refuse it as an escalation.
    expect(escalate.status, escalate.text).to.equal(403);
    expect(escalate.text).to.include('is attempting to grant RBAC permissions not currently held');
    const missing = await alice.post<{ message?: string }>(
      `${NS_RBAC}/rolebindings`,
      roleBinding('missing', 'Role', 'nosuch', 'alice'),
    );
    expect(missing.status, missing.text).to.equal(404);
    expect(missing.body.message).to.equal('rolebindings.rbac.authorization.k8s.io "nosuch" not found');
  });

  it('lets `bind` on a ClusterRole, and `escalate` on roles, stand in for holding the rules', async function () {
    for (const [path, body] of [
      [
        `${NS_RBAC}/roles`,
        role('binder', [
          {
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            resourceNames: ['admin'],
            verbs: ['bind'],
          },
        ]),
      ],
      [`${NS_RBAC}/rolebindings`, roleBinding('alice-binder', 'Role', 'binder', 'alice')],
      [
        `${NS_RBAC}/roles`,
        role('escalator', [
          { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] },
        ]),
      ],
      [`${NS_RBAC}/rolebindings`, roleBinding('alice-escalator', 'Role', 'escalator', 'alice')],
    ] as [string, object][]) {
      const response = await ws.post(path, body);
      expect(response.status, response.text).to.equal(201);
    }
    const bound = await alice.post(
      `${NS_RBAC}/rolebindings`,
      roleBinding('bound', 'ClusterRole', 'admin', 'alice'),
    );
    expect(bound.status, bound.text).to.equal(201);
    const wide = await alice.post(
      `${NS_RBAC}/roles`,
      role('anything', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
    );
    expect(wide.status, wide.text).to.equal(201);
  });
});
