// Inactive logical clusters on the reference server, over HTTPS, as kcp behaves (pkg/server/
// filters/inactivelogicalcluster.go, test/e2e/workspace/inactive_test.go): once the LogicalCluster
// is annotated core.kcp.io/inactive=true every request into the workspace is refused with 403
// (before authentication: anonymous callers get the same answer) except OpenAPI and the
// LogicalCluster itself; watches into it and wildcard watches are ended, others are not; removing
// the annotation serves the workspace again. The phase follows the mark (Ready ⇄ Inactive).
import { expect } from 'chai';
import { eventually } from '../../suites/framework/eventually.js';
import { createClusterClient, type ClusterClient } from '../../suites/framework/http/client.js';
import { loadConnection } from '../../suites/framework/http/connection.js';
import { createTransport } from '../../suites/framework/http/transport.js';
import {
  WatchClosedByServerError,
  WatchRefusedError,
  type WatchStream,
} from '../../suites/framework/http/watch.js';
import { DEFAULT_TIMEOUTS } from '../../suites/framework/timeouts.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const WS = '/apis/tenancy.kcp.io/v1alpha1/workspaces';
const LC = '/apis/core.kcp.io/v1alpha1/logicalclusters/cluster';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const INACTIVE = 'core.kcp.io/inactive';

interface LogicalCluster {
  metadata: { annotations?: Record<string, string>; resourceVersion?: string };
  status?: { phase?: string };
}

describe('inactive logical clusters (reference server)', function () {
  this.timeout(60_000);
  let env: ServerWithClients | undefined;
  let admin: ClusterClient; // kcp-admin at /clusters/root
  let master: ClusterClient; // shard-admin (system:masters) at the bare server URL
  let anonymous: ClusterClient;
  const watches: WatchStream[] = [];

  before(async () => {
    env = await startServerWithClients('inactive');
    admin = await env.client('root');
    master = await env.client('shard-base');
    const connection = await loadConnection(env.server.kubeconfigPath, 'root');
    anonymous = createClusterClient(
      createTransport({ ...connection, headers: {} }, DEFAULT_TIMEOUTS),
      `${env.server.url}/clusters/root`,
    );
    for (const name of ['quiet', 'busy']) {
      const r = await admin.post(WS, {
        apiVersion: 'tenancy.kcp.io/v1alpha1',
        kind: 'Workspace',
        metadata: { name },
      });
      expect(r.status, r.text).to.equal(201);
    }
    await eventually(
      async () => {
        for (const name of ['quiet', 'busy']) {
          const r = await admin.get<{ status?: { phase?: string } }>(`${WS}/${name}`);
          expect(r.body.status?.phase).to.equal('Ready');
          expect((await ws(name).get(CONFIGMAPS)).status).to.equal(200);
        }
      },
      { timeoutMs: 30_000, intervalMs: 100, consecutive: 1 },
    );
  });

  after(async () => {
    for (const w of watches) w.close();
    await env?.stop();
  });

  const ws = (name: string, client: ClusterClient = admin) =>
    client.at(`${env!.server.url}/clusters/root:${name}`);

  async function clusterName(name: string): Promise<string> {
    const r = await admin.get<{ spec: { cluster: string } }>(`${WS}/${name}`);
    return r.body.spec.cluster;
  }

  async function setInactive(name: string, value: boolean): Promise<void> {
    const lc = (await ws(name).get<LogicalCluster>(LC)).body;
    const annotations = { ...lc.metadata.annotations };
    if (value) annotations[INACTIVE] = 'true';
    else delete annotations[INACTIVE];
    const r = await ws(name).put(LC, { ...lc, metadata: { ...lc.metadata, annotations } });
    expect(r.status, r.text).to.equal(200);
  }

  async function openWatch(client: ClusterClient, path: string): Promise<WatchStream> {
    const w = await client.watch({ path, query: { allowWatchBookmarks: 'false' } });
    watches.push(w);
    return w;
  }

  async function expectEnded(w: WatchStream): Promise<void> {
    const error = await w.nextMatching(() => false, 10_000).catch((e: unknown) => e);
    expect(error, String(error)).to.be.instanceOf(WatchClosedByServerError);
  }

  it('refuses requests and ends watches while marked, and serves again once unmarked', async () => {
    const busyCluster = await clusterName('busy');
    const inBusy = await openWatch(ws('busy'), CONFIGMAPS);
    const wildcard = await openWatch(master.at(`${env!.server.url}/clusters/*`), '/api/v1/configmaps');
    const inQuiet = await openWatch(ws('quiet'), CONFIGMAPS);

    await setInactive('busy', true);

    await expectEnded(inBusy);
    await expectEnded(wildcard);
    // A watch into another workspace stays open and keeps delivering.
    const created = await ws('quiet').post(CONFIGMAPS, { metadata: { name: 'still-served' } });
    expect(created.status, created.text).to.equal(201);
    const event = await inQuiet.nextMatching(
      (e) => (e.object as { metadata?: { name?: string } }).metadata?.name === 'still-served',
    );
    expect(event.type).to.equal('ADDED');

    const expected = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `logicalclusters.core.kcp.io "${busyCluster}" is forbidden: logical cluster is marked inactive`,
      reason: 'Forbidden',
      details: { name: busyCluster, group: 'core.kcp.io', kind: 'logicalclusters' },
      code: 403,
    };
    for (const [client, path] of [
      [admin, '/api/v1/namespaces'],
      [admin, '/api'],
      [admin, '/version'],
      [anonymous, '/api/v1/namespaces'], // refused before authentication
      [anonymous.withHeaders({ authorization: 'Bearer not-a-token' }), '/api/v1/namespaces'],
    ] as const) {
      const r = await ws('busy', client).get(path);
      expect(r.status, `${path}: ${r.text}`).to.equal(403);
      expect(r.headers['content-type']).to.equal('application/json');
      expect(r.body).to.deep.equal(expected);
    }
    // By logical cluster name as well as by path.
    const byName = await admin.at(`${env!.server.url}/clusters/${busyCluster}`).get(CONFIGMAPS);
    expect(byName.status, byName.text).to.equal(403);
    await expectRefusedWatch(ws('busy'));

    // Still reachable: the LogicalCluster (so the mark can be removed) and OpenAPI.
    expect((await ws('busy').get('/openapi/v3')).status).to.equal(200);
    await eventually(
      async () => expect((await ws('busy').get<LogicalCluster>(LC)).body.status?.phase).to.equal('Inactive'),
      { timeoutMs: 10_000, intervalMs: 100, consecutive: 1 },
    );
    // Other workspaces and wildcard requests are served meanwhile.
    expect((await ws('quiet').get(CONFIGMAPS)).status).to.equal(200);
    expect((await master.at(`${env!.server.url}/clusters/*`).get('/api/v1/configmaps')).status).to.equal(200);

    await setInactive('busy', false);
    expect((await ws('busy').get('/api/v1/namespaces')).status).to.equal(200);
    const again = await openWatch(ws('busy'), CONFIGMAPS);
    await ws('busy').post(CONFIGMAPS, { metadata: { name: 'after' } });
    expect((await again.next()).type).to.equal('ADDED');
    await eventually(
      async () => expect((await ws('busy').get<LogicalCluster>(LC)).body.status?.phase).to.equal('Ready'),
      { timeoutMs: 10_000, intervalMs: 100, consecutive: 1 },
    );
  });

  async function expectRefusedWatch(client: ClusterClient): Promise<void> {
    const error = await client.watch({ path: CONFIGMAPS }).catch((e: unknown) => e);
    expect(error, String(error)).to.be.instanceOf(WatchRefusedError);
    expect((error as WatchRefusedError).code).to.equal(403);
  }
});
