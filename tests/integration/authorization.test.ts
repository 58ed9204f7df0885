// kcp's authorization chain on the reference server, for the parts the rbac-scoping suite cannot
// check on any target (they need system:masters or a server flag): required groups, the `use`
// verb on WorkspaceTypes, the home-creator groups, and that RBAC changes are in force for the very
// next request. Users are impersonated by system:masters, so they are not scoped to a cluster.
// Expectations were probed on kcp (dac74f59).
import { expect } from 'chai';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const WORKSPACES = '/apis/tenancy.kcp.io/v1alpha1/workspaces';
const CRBS = '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings';

const workspace = (name: string, annotations?: Record<string, string>, type?: object) => ({
  apiVersion: 'tenancy.kcp.io/v1alpha1',
  kind: 'Workspace',
  metadata: { name, ...(annotations ? { annotations } : {}) },
  ...(type ? { spec: { type } } : {}),
});
const clusterRoleBinding = (name: string, clusterRole: string, user: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
});
const as = (client: ClusterClient, user: string, ...groups: string[]) =>
  client.withHeaders({
    'Impersonate-User': user,
    ...(groups.length ? { 'Impersonate-Group': groups.join(',') } : {}),
  });

async function readyWorkspace(parent: ClusterClient, name: string): Promise<ClusterClient> {
  for (let i = 0; i < 400; i++) {
    const got = await parent.get<{ status?: { phase?: string } }>(`${WORKSPACES}/${name}`);
    if (got.body?.status?.phase === 'Ready') return parent.at(`${parent.baseUrl}:${name}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`workspace ${name} did not become Ready`);
}

async function rootAsMaster(ctx: ServerWithClients): Promise<ClusterClient> {
  const admin = await ctx.client('system:admin');
  return admin.at(admin.baseUrl.replace(/\/clusters\/.*$/, '/clusters/root'));
}

describe('authorization (kcp chain) on the reference server', function () {
  this.timeout(60_000);
  let ctx: ServerWithClients;
  let root: ClusterClient;

  before(async () => {
    ctx = await startServerWithClients('authorization', ['--home-workspaces-home-creator-groups', 'homers']);
    root = await rootAsMaster(ctx);
  });
  after(async () => ctx?.stop());

  it('admits only members of the required groups, and children inherit them', async function () {
    expect(
      (
        await root.post(
          WORKSPACES,
          workspace('guarded', { 'authorization.kcp.io/required-groups': 'team-2' }),
        )
      ).status,
    ).to.equal(201);
    const guarded = await readyWorkspace(root, 'guarded');
    const bind = await guarded.post(CRBS, {
      ...clusterRoleBinding('both', 'cluster-admin', 'alice'),
      subjects: ['alice', 'bob'].map((name) => ({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'User',
        name,
      })),
    });
    expect(bind.status, bind.text).to.equal(201);
    const alice = await as(guarded, 'alice', 'team-1').get('/api/v1/namespaces');
    expect(alice.status, alice.text).to.equal(403);
    expect(alice.text).to.include('access denied');
    expect((await as(guarded, 'bob', 'team-2').get('/api/v1/namespaces')).status).to.equal(200);

    expect((await guarded.post(WORKSPACES, workspace('inner'))).status).to.equal(201);
    const inner = await guarded.get<{ metadata?: { annotations?: Record<string, string> } }>(
      `${WORKSPACES}/inner`,
    );
    expect(inner.body.metadata?.annotations?.['authorization.kcp.io/required-groups']).to.equal('team-2');
  });

  it('drops required groups set by anyone but system:masters', async function () {
    const kcpAdmin = await ctx.client('root');
    const created = await kcpAdmin.post<{ metadata?: { annotations?: Record<string, string> } }>(
      WORKSPACES,
      workspace('unguarded', { 'authorization.kcp.io/required-groups': 'team-2' }),
    );
    expect(created.status, created.text).to.equal(201);
    expect(created.body.metadata?.annotations?.['authorization.kcp.io/required-groups']).to.equal(undefined);
  });

  it('needs `use` on a WorkspaceType to create a workspace of that type', async function () {
    expect((await root.post(WORKSPACES, workspace('types'))).status).to.equal(201);
    const types = await readyWorkspace(root, 'types');
    const wt = await types.post('/apis/tenancy.kcp.io/v1alpha1/workspacetypes', {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'WorkspaceType',
      metadata: { name: 'custom' },
      spec: {},
    });
    expect(wt.status, wt.text).to.equal(201);
    await types.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'ws-creator' },
      rules: [{ apiGroups: ['tenancy.kcp.io'], resources: ['workspaces'], verbs: ['create', 'get'] }],
    });
    for (const [name, role] of [
      ['carol-create', 'ws-creator'],
      ['carol-access', 'system:kcp:workspace:access'],
    ])
      expect((await types.post(CRBS, clusterRoleBinding(name!, role!, 'carol'))).status).to.equal(201);
    const carol = as(types, 'carol');
    const refused = await carol.post<{ message?: string }>(
      WORKSPACES,
      workspace('c1', undefined, { name: 'custom', path: 'root:types' }),
    );
    expect(refused.status, refused.text).to.equal(403);
    expect(refused.body.message).to.equal(
      'workspaces.tenancy.kcp.io "c1" is forbidden: unable to use workspace type root:types:custom: ' +
        "missing verb='use' permission on workspacetype",
    );
    // universal: every authenticated user may use it (root's system:kcp:authenticated:universal-workspacetype-use).
    const universal = await carol.post(WORKSPACES, workspace('c2'));
    expect(universal.status, universal.text).to.equal(201);
  });

  it('gives home workspaces only to the configured home-creator groups', async function () {
    const denied = await as(root, 'dave', 'others').get<{ message?: string }>(`${WORKSPACES}/~`);
    expect(denied.status, denied.text).to.equal(403);
    expect(denied.body.message).to.equal(
      'workspaces.tenancy.kcp.io "~" is forbidden: User "dave" cannot create resource "workspaces" in API group ' +
        '"tenancy.kcp.io" at the cluster scope: workspace access not permitted',
    );
    const allowed = await as(root, 'erin', 'homers').get(`${WORKSPACES}/~`);
    expect([200, 429], allowed.text).to.include(allowed.status);
  });

  it('puts a new or deleted binding in force for the very next request', async function () {
    expect((await root.post(WORKSPACES, workspace('fresh'))).status).to.equal(201);
    const fresh = await readyWorkspace(root, 'fresh');
    const frank = as(fresh, 'frank');
    expect((await frank.get('/api/v1/namespaces')).status).to.equal(403);
    for (let i = 0; i < 5; i++) {
      expect((await fresh.post(CRBS, clusterRoleBinding('frank', 'cluster-admin', 'frank'))).status).to.equal(
        201,
      );
      expect((await frank.get('/api/v1/namespaces')).status).to.equal(200);
      expect((await fresh.delete(`${CRBS}/frank`)).status).to.equal(200);
      expect((await frank.get('/api/v1/namespaces')).status).to.equal(403);
    }
  });
});
