// What survives a restart of the reference server on the same root directory: objects, the CA,
// the shard-admin token, resourceVersion order and watch history; and, after SIGKILL, every
// write the server acknowledged.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadConnection } from '../../suites/framework/http/connection.js';
import { createClusterClient, type ClusterClient } from '../../suites/framework/http/client.js';
import { createTransport, type Transport } from '../../suites/framework/http/transport.js';
import type { WatchEvent } from '../../suites/framework/http/watch.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const TIMEOUTS = { request: 10_000, watchEvent: 10_000 };

interface ConfigMap {
  metadata: { name: string; resourceVersion: string; uid: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

interface ConfigMapList {
  metadata: { resourceVersion: string };
  items: ConfigMap[];
}

const suffix = (): string => randomBytes(3).toString('hex');
const rv = (object: { metadata: { resourceVersion: string } }): bigint =>
  BigInt(object.metadata.resourceVersion);

/** One run of the server on a root directory, with clients for the kcp-admin and shard-admin identities. */
interface Running {
  server: ServerProcess;
  transports: Transport[];
  /** kcp-admin in /clusters/root (admin.kubeconfig context root). */
  admin: ClusterClient;
  /** shard-admin (system:masters) at the bare server, context shard-base. */
  shardAdmin: ClusterClient;
}

async function run(rootDirectory: string): Promise<Running> {
  const server = await startServerProcess({ rootDirectory });
  const root = await loadConnection(server.kubeconfigPath, 'root');
  const shardBase = await loadConnection(server.kubeconfigPath, 'shard-base');
  const adminTransport = createTransport(root, TIMEOUTS);
  const shardTransport = createTransport(shardBase, TIMEOUTS);
  return {
    server,
    transports: [adminTransport, shardTransport],
    admin: createClusterClient(adminTransport, root.server),
    shardAdmin: createClusterClient(shardTransport, shardBase.server),
  };
}

function closeClients(running: Running | undefined): void {
  for (const transport of running?.transports ?? []) transport.agent.destroy();
}

function tokenOf(kubeconfigText: string, user: string): string {
  const doc = parse(kubeconfigText) as { users: { name: string; user: { token: string } }[] };
  const token = doc.users.find((u) => u.name === user)?.user.token;
  if (!token) throw new Error(`admin.kubeconfig has no token for ${user}`);
  return token;
}

async function create(
  client: ClusterClient,
  name: string,
  data: Record<string, string>,
  labels: Record<string, string> = {},
): Promise<ConfigMap> {
  const response = await client.post<ConfigMap>(CONFIGMAPS, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels },
    data,
  });
  expect(response.status, response.text).to.equal(201);
  return response.body;
}

describe('durability across restarts', function () {
  this.timeout(120_000);
  const directories: string[] = [];
  const running: Running[] = [];

  async function freshDirectory(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'kcp-harness-durability-'));
    directories.push(dir);
    return dir;
  }

  async function start(rootDirectory: string): Promise<Running> {
    const r = await run(rootDirectory);
    running.push(r);
    return r;
  }

  async function stop(r: Running): Promise<void> {
    closeClients(r);
    await r.server.stop();
  }

  afterEach(async function () {
    for (const r of running.splice(0)) {
      closeClients(r);
      await r.server.stop();
    }
  });

  after(async function () {
    for (const dir of directories.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('keeps data, the CA and the shard-admin token across stop and restart; resourceVersions keep increasing', async function () {
    const dir = await freshDirectory();
    const first = await start(dir);
    const name = `durable-${suffix()}`;
    const created = await create(first.admin, name, { greeting: 'hello', multi: 'line one\nline two' });
    const updated = await first.admin.put<ConfigMap>(`${CONFIGMAPS}/${name}`, {
      ...created,
      data: { ...created.data, greeting: 'hello again' },
    });
    expect(updated.status, updated.text).to.equal(200);
    const listBefore = await first.admin.get<ConfigMapList>(CONFIGMAPS);
    const caBefore = await readFile(join(dir, 'ca.crt'), 'utf8');
    const kubeconfigBefore = await readFile(first.server.kubeconfigPath, 'utf8');
    await stop(first);

    const second = await start(dir);
    const kubeconfigAfter = await readFile(second.server.kubeconfigPath, 'utf8');
    expect(await readFile(join(dir, 'ca.crt'), 'utf8'), 'ca.crt').to.equal(caBefore);
    // The new kubeconfig carries the same CA, and our clients (built from it) verified the new
    // serving certificate against it when start-up waited for /readyz.
    const caData = (text: string): string[] =>
      (parse(text) as { clusters: { cluster: { 'certificate-authority-data': string } }[] }).clusters.map(
        (c) => c.cluster['certificate-authority-data'],
      );
    expect(caData(kubeconfigAfter)).to.deep.equal(caData(kubeconfigBefore));
    expect(tokenOf(kubeconfigAfter, 'shard-admin'), 'shard-admin token').to.equal(
      tokenOf(kubeconfigBefore, 'shard-admin'),
    );
    expect(tokenOf(kubeconfigAfter, 'kcp-admin'), 'kcp-admin token is new at every start').to.not.equal(
      tokenOf(kubeconfigBefore, 'kcp-admin'),
    );

    const asShardAdmin = await second.shardAdmin.get<ConfigMap>(`/clusters/root${CONFIGMAPS}/${name}`);
    expect(asShardAdmin.status, asShardAdmin.text).to.equal(200);
    const read = await second.admin.get<ConfigMap>(`${CONFIGMAPS}/${name}`);
    expect(read.status, read.text).to.equal(200);
    expect(read.body.data).to.deep.equal({ greeting: 'hello again', multi: 'line one\nline two' });
    expect(read.body.metadata.uid).to.equal(created.metadata.uid);
    expect(read.body.metadata.resourceVersion).to.equal(updated.body.metadata.resourceVersion);

    const listAfter = await second.admin.get<ConfigMapList>(CONFIGMAPS);
    expect(
      rv(listAfter.body) >= rv(listBefore.body),
      `list resourceVersion ${listAfter.body.metadata.resourceVersion} after restart, ${listBefore.body.metadata.resourceVersion} before`,
    ).to.equal(true);
    const later = await create(second.admin, `durable-later-${suffix()}`, { n: '2' });
    expect(
      rv(later) > rv(listBefore.body),
      `new object's resourceVersion ${later.metadata.resourceVersion} must exceed ${listBefore.body.metadata.resourceVersion}`,
    ).to.equal(true);
    const again = await second.admin.put<ConfigMap>(`${CONFIGMAPS}/${name}`, {
      ...read.body,
      data: { greeting: 'third' },
    });
    expect(again.status, again.text).to.equal(200);
    expect(
      rv(again.body) > rv(later),
      `update after restart got ${again.body.metadata.resourceVersion}, after ${later.metadata.resourceVersion}`,
    ).to.equal(true);
  });

  it('the previous kcp-admin token stops working after a restart', async function () {
    const dir = await freshDirectory();
    const first = await start(dir);
    const oldToken = tokenOf(await readFile(first.server.kubeconfigPath, 'utf8'), 'kcp-admin');
    await stop(first);
    const second = await start(dir);
    const stale = await second.admin.get(CONFIGMAPS, { headers: { Authorization: `Bearer ${oldToken}` } });
    expect(stale.status, stale.text).to.equal(401);
  });

  it('keeps every acknowledged create after SIGKILL mid-stream', async function () {
    const dir = await freshDirectory();
    const first = await start(dir);
    const acknowledged = new Map<string, Record<string, string>>();
    const KILL_AFTER = 200;
    let writerError: unknown;
    let reached: () => void = () => undefined;
    const enoughWritten = new Promise<void>((resolve) => (reached = resolve));
    // One create after another, as fast as the server answers; a 201 is a promise that the
    // object is durable. The writer ends at its first failure: the server is gone.
    const writer = (async () => {
      for (let i = 0; ; i += 1) {
        const name = `crash-${String(i).padStart(5, '0')}`;
        const data = { index: String(i), payload: randomBytes(48).toString('base64') };
        try {
          const response = await first.admin.post(
            CONFIGMAPS,
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data },
            { timeoutMs: 5_000 },
          );
          if (response.status !== 201)
            throw new Error(`create ${name}: ${response.status} ${response.text.slice(0, 300)}`);
          acknowledged.set(name, data);
          if (acknowledged.size === KILL_AFTER) reached();
        } catch (error) {
          writerError = error;
          reached();
          return;
        }
      }
    })();
    await enoughWritten;
    expect(writerError, 'writer failed before the kill').to.equal(undefined);
    // The writer is still going: the kill lands between, or in the middle of, its requests.
    await first.server.kill9();
    await writer;
    expect(writerError, 'the writer stops when the server dies').to.not.equal(undefined);
    closeClients(first);
    const countAtKill = acknowledged.size;

    const second = await start(dir);
    const list = await second.admin.get<ConfigMapList>(CONFIGMAPS, { query: { limit: 100000 } });
    expect(list.status, list.text).to.equal(200);
    const stored = new Map(list.body.items.map((item) => [item.metadata.name, item.data]));
    const lost = [...acknowledged.keys()].filter((name) => !stored.has(name));
    expect(
      lost,
      `${lost.length} of ${countAtKill} acknowledged configmaps missing after SIGKILL`,
    ).to.deep.equal([]);
    for (const [name, data] of acknowledged) expect(stored.get(name), name).to.deep.equal(data);
  });

  it('a watch from a resourceVersion taken before a restart resumes after it without losing events', async function () {
    const dir = await freshDirectory();
    const first = await start(dir);
    const run = `resume-${suffix()}`;
    const labels = { run };
    const labelSelector = `run=${run}`;
    const a = await create(first.admin, `${run}-a`, { v: '1' }, labels);
    const start0 = await first.admin.get<ConfigMapList>(CONFIGMAPS, { query: { labelSelector } });

    // A client watches from start0 and sees the first event before the server goes down...
    const watch = await first.admin.watch({
      path: CONFIGMAPS,
      resourceVersion: start0.body.metadata.resourceVersion,
      query: { labelSelector },
    });
    const b = await create(first.admin, `${run}-b`, { v: '1' }, labels);
    const seenFirst = await watch.next();
    expect([seenFirst.type, (seenFirst.object as unknown as ConfigMap).metadata.name]).to.deep.equal([
      'ADDED',
      b.metadata.name,
    ]);
    const resumeFrom = (seenFirst.object as unknown as ConfigMap).metadata.resourceVersion;
    watch.close();

    // ...and these are written before the restart, after the last event the client saw.
    const bUpdated = await first.admin.put<ConfigMap>(`${CONFIGMAPS}/${b.metadata.name}`, {
      ...b,
      data: { v: '2' },
    });
    expect(bUpdated.status, bUpdated.text).to.equal(200);
    const aDeleted = await first.admin.delete(`${CONFIGMAPS}/${a.metadata.name}`);
    expect(aDeleted.status, aDeleted.text).to.equal(200);
    const c = await create(first.admin, `${run}-c`, { v: '1' }, labels);
    await stop(first);

    const second = await start(dir);
    const resumed = await second.admin.watch({
      path: CONFIGMAPS,
      resourceVersion: resumeFrom,
      query: { labelSelector },
    });
    try {
      const d = await create(second.admin, `${run}-d`, { v: '1' }, labels);
      const events: WatchEvent[] = [];
      while (events.length < 4) events.push(await resumed.next());
      const summary = events.map((e) => {
        const object = e.object as unknown as ConfigMap;
        return [e.type, object.metadata.name, object.data?.v];
      });
      expect(summary).to.deep.equal([
        ['MODIFIED', b.metadata.name, '2'],
        ['DELETED', a.metadata.name, '1'],
        ['ADDED', c.metadata.name, '1'],
        ['ADDED', d.metadata.name, '1'],
      ]);
      const versions = events.map((e) => rv(e.object as unknown as ConfigMap));
      for (let i = 1; i < versions.length; i += 1) {
        expect(versions[i]! > versions[i - 1]!, `event resourceVersions ${versions.join(', ')}`).to.equal(
          true,
        );
      }
      expect(versions[0]! > BigInt(resumeFrom)).to.equal(true);
      expect(String(versions[2])).to.equal(c.metadata.resourceVersion);
      expect(String(versions[3])).to.equal(d.metadata.resourceVersion);
    } finally {
      resumed.close();
    }
  });
});
