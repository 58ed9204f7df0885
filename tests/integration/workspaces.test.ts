// Workspaces on the reference server, end to end: a three-level tree created, navigated with
// kubectl the way `kubectl ws` does it (the kubeconfig's server URL becomes
// <base>/clusters/<path>), and deleted; types, initializers, home workspaces and wildcard
// requests. The conformance suites check the same behaviours against any target; this file
// drives them through real kubectl and watches the server's own invariants.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { eventually } from '../../suites/framework/eventually.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import type { ServerProcess } from '../support/server-process.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const WS = '/apis/tenancy.kcp.io/v1alpha1/workspaces';
const LC = '/apis/core.kcp.io/v1alpha1/logicalclusters/cluster';

interface Workspace {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { type?: { name: string; path: string }; cluster?: string; URL?: string };
  status?: { phase?: string; initializers?: string[] };
}

describe('workspaces on the reference server', function () {
  this.timeout(120_000);
  let env: ServerWithClients | undefined;
  let server: ServerProcess;
  let admin: ClusterClient; // kcp-admin at /clusters/root
  let master: ClusterClient; // shard-admin (system:masters) at the bare server URL

  before(async function () {
    if (!existsSync(KUBECTL)) {
      if (process.env.CI === 'true')
        throw new Error(`kubectl is required in CI and was not found at ${KUBECTL}`);
      this.skip();
    }
    env = await startServerWithClients('workspaces');
    server = env.server;
    admin = await env.client('root');
    master = await env.client('shard-base');
  });

  after(async () => env?.stop());

  const at = (path: string) => admin.at(`${server.url}/clusters/${path}`);

  async function kubectl(path: string, ...args: string[]): Promise<string> {
    const { stdout } = await run(KUBECTL, [
      '--kubeconfig',
      server.kubeconfigPath,
      '--server',
      `${server.url}/clusters/${path}`,
      ...args,
    ]);
    return stdout;
  }

  async function createWorkspace(
    parent: string,
    name: string,
    type?: { name: string; path?: string },
  ): Promise<number> {
    const r = await at(parent).post(WS, {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name },
      spec: type ? { type } : {},
    });
    return r.status;
  }

  async function waitPhase(parent: string, name: string, phase: string): Promise<Workspace> {
    let ws: Workspace | undefined;
    await eventually(
      async () => {
        const r = await at(parent).get<Workspace>(`${WS}/${name}`);
        expect(r.status).to.equal(200);
        expect(r.body?.status?.phase).to.equal(phase);
        ws = r.body;
      },
      { timeoutMs: 30_000, intervalMs: 100, consecutive: 1, description: `${parent}:${name} ${phase}` },
    );
    return ws!;
  }

  it('creates a three-level tree with defaulted types, navigates it with kubectl, and deletes it', async function () {
    expect(await createWorkspace('root', 'tree')).to.equal(201);
    const org = await waitPhase('root', 'tree', 'Ready');
    expect(org.spec.type).to.deep.equal({ name: 'organization', path: 'root' });
    expect(await createWorkspace('root:tree', 'mid')).to.equal(201);
    const mid = await waitPhase('root:tree', 'mid', 'Ready');
    expect(mid.spec.type).to.deep.equal({ name: 'universal', path: 'root' });
    expect(await createWorkspace('root:tree:mid', 'leaf')).to.equal(201);
    const leaf = await waitPhase('root:tree:mid', 'leaf', 'Ready');
    expect(leaf.spec.URL).to.equal(`${server.url}/clusters/root:tree:mid:leaf`);
    expect(leaf.spec.cluster).to.match(/^[0-9a-z]{16}$/);
    expect(leaf.status?.initializers).to.deep.equal([]);

    // What `kubectl ws :root:tree:mid:leaf` then does: discovery, then ordinary requests.
    expect(await kubectl('root:tree:mid:leaf', 'api-versions')).to.contain('tenancy.kcp.io/v1alpha1');
    expect(await kubectl('root:tree:mid', 'get', 'workspaces', '-o', 'name')).to.equal(
      'workspace.tenancy.kcp.io/leaf\n',
    );
    const namespaces = await kubectl('root:tree:mid:leaf', 'get', 'namespaces', '-o', 'name');
    expect(namespaces.split('\n').filter(Boolean).sort()).to.deep.equal([
      'namespace/default',
      'namespace/kube-system',
    ]);
    await eventually(
      async () =>
        expect(
          await kubectl(
            'root:tree:mid:leaf',
            'get',
            'configmap',
            'kube-root-ca.crt',
            '-o',
            'jsonpath={.data.ca\\.crt}',
          ),
        ).to.contain('BEGIN CERTIFICATE'),
      { timeoutMs: 10_000, intervalMs: 100, consecutive: 1, description: 'kube-root-ca.crt' },
    );
    await eventually(
      async () =>
        expect(
          await kubectl('root:tree:mid:leaf', 'get', 'serviceaccount', 'default', '-o', 'name'),
        ).to.equal('serviceaccount/default\n'),
      { timeoutMs: 10_000, intervalMs: 100, consecutive: 1, description: 'ServiceAccount default' },
    );
    // The creator administers the workspace (kcp pkg/reconciler/tenancy/logicalcluster).
    const binding = JSON.parse(
      await kubectl('root:tree:mid:leaf', 'get', 'clusterrolebinding', 'workspace-admin', '-o', 'json'),
    ) as {
      roleRef: unknown;
      subjects: unknown[];
    };
    expect(binding.roleRef).to.deep.equal({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'cluster-admin',
    });
    expect(binding.subjects).to.deep.equal([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kcp-admin' },
    ]);
    // The same workspace by cluster name; annotations name the cluster, never the path.
    const lc = JSON.parse(
      await kubectl(leaf.spec.cluster!, 'get', 'logicalcluster', 'cluster', '-o', 'json'),
    ) as Workspace & {
      status: { URL: string; phase: string };
    };
    expect(lc.metadata.annotations?.['kcp.io/path']).to.equal('root:tree:mid:leaf');
    expect(lc.metadata.annotations?.['kcp.io/cluster']).to.equal(leaf.spec.cluster);
    expect(lc.status).to.include({ phase: 'Ready', URL: `${server.url}/clusters/${leaf.spec.cluster}` });
    await kubectl('root:tree:mid:leaf', 'create', 'configmap', 'inside', '--from-literal=k=v');

    // Deleting the top removes the whole subtree; root is untouched.
    const deleted = await admin.delete(`${WS}/tree`);
    expect(deleted.status).to.equal(200);
    await eventually(
      async () => {
        expect((await admin.get(`${WS}/tree`)).status).to.equal(404);
        expect((await at('root:tree:mid:leaf').get('/api/v1/namespaces')).status).to.equal(404);
        // The leaf's cluster is empty: still addressable by name for system:masters, as on kcp.
        const items =
          (
            await master
              .at(`${server.url}/clusters/${leaf.spec.cluster}`)
              .get<{ items: unknown[] }>('/api/v1/configmaps')
          ).body?.items ?? [];
        expect(items).to.deep.equal([]);
      },
      { timeoutMs: 30_000, intervalMs: 100, consecutive: 1, description: 'tree deleted' },
    );
    expect((await admin.get('/api/v1/namespaces/default')).status).to.equal(200);
  });

  it('refuses unknown types and parent/child mismatches with 403, and deleting namespace default', async function () {
    expect(await createWorkspace('root', 'typed', { name: 'nosuch' })).to.equal(403);
    expect(await createWorkspace('root', 'homeless', { name: 'home', path: 'root' })).to.equal(403);
    expect(await createWorkspace('root', 'org2')).to.equal(201);
    await waitPhase('root', 'org2', 'Ready');
    // organization only allows children that are (or extend) universal; organization itself is not.
    expect(await createWorkspace('root:org2', 'nested-org', { name: 'organization', path: 'root' })).to.equal(
      403,
    );
    expect(await createWorkspace('root:org2', 'a-team', { name: 'team', path: 'root' })).to.equal(201);
    expect((await at('root:org2').delete('/api/v1/namespaces/default')).status).to.equal(403);
    // Keys ending in kcp.io are reserved outside system:masters (pkg/admission/reservedmetadata).
    const reserved = await at('root:org2').post('/api/v1/namespaces/kube-system/configmaps', {
      metadata: { name: 'reserved', labels: { 'example.kcp.io': 'x' } },
    });
    expect(reserved.status).to.equal(403);
    const allowed = await at('root:org2').post('/api/v1/namespaces/kube-system/configmaps', {
      metadata: { name: 'allowed', annotations: { 'example.kcp.io/free': 'x' } },
    });
    expect(allowed.status).to.equal(201);
  });

  it('keeps a workspace Initializing until its initializer is removed from the LogicalCluster by PATCH', async function () {
    expect(await createWorkspace('root', 'init-org')).to.equal(201);
    const parent = await waitPhase('root', 'init-org', 'Ready');
    const typeResp = await at('root:init-org').post('/apis/tenancy.kcp.io/v1alpha1/workspacetypes', {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'WorkspaceType',
      metadata: { name: 'gated' },
      spec: { initializer: true, extend: { with: [{ name: 'universal', path: 'root' }] } },
    });
    expect(typeResp.status).to.equal(201);
    // kcp's path annotation admission records where the type lives.
    expect((typeResp.body as Workspace).metadata.annotations?.['kcp.io/path']).to.equal('root:init-org');
    expect(await createWorkspace('root:init-org', 'gated-ws', { name: 'gated' })).to.equal(201);
    const gated = await waitPhase('root:init-org', 'gated-ws', 'Initializing');
    const initializer = `${parent.spec.cluster}:gated`;
    await eventually(
      async () => {
        const ws = (await at('root:init-org').get<Workspace>(`${WS}/gated-ws`)).body!;
        expect(ws.status?.initializers).to.deep.equal([initializer]);
      },
      { timeoutMs: 10_000, intervalMs: 100, consecutive: 1, description: 'only our initializer left' },
    );
    const lcClient = master.at(`${server.url}/clusters/${gated.spec.cluster}`);
    const patched = await lcClient.request({
      method: 'PATCH',
      path: `${LC}/status`,
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ status: { initializers: [] } }),
    });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    await waitPhase('root:init-org', 'gated-ws', 'Ready');
  });

  it('serves a home workspace at workspaces/~ (429 while it is created) and as user:<name>', async function () {
    let home: Workspace | undefined;
    await eventually(
      async () => {
        const r = await admin.get<Workspace>(`${WS}/~`);
        if (r.status === 429) expect(r.headers['retry-after']).to.equal('1');
        expect(r.status).to.equal(200);
        home = r.body;
      },
      { timeoutMs: 20_000, intervalMs: 200, consecutive: 1, description: 'home Ready' },
    );
    expect(home?.status?.phase).to.equal('Ready');
    expect((await at('user:kcp-admin').get('/api/v1/namespaces/default')).status).to.equal(200);
    expect(
      (await admin.at(`${server.url}/clusters/${home!.spec.cluster}`).get('/api/v1/namespaces/default'))
        .status,
    ).to.equal(200);
  });

  it('lists across all clusters for system:masters only, each object naming its cluster', async function () {
    const r = await master
      .at(`${server.url}/clusters/*`)
      .get<{ items: { metadata: { annotations: Record<string, string> } }[] }>('/api/v1/configmaps');
    expect(r.status).to.equal(200);
    const clusters = new Set(r.body!.items.map((i) => i.metadata.annotations['kcp.io/cluster']));
    expect(clusters.has('root')).to.equal(true);
    expect(clusters.size).to.be.greaterThan(1);
    expect((await admin.at(`${server.url}/clusters/*`).get('/api/v1/configmaps')).status).to.equal(403);
    expect(
      (await master.at(`${server.url}/clusters/*`).post('/api/v1/namespaces', { metadata: { name: 'x' } }))
        .status,
    ).to.equal(405);
  });
});
