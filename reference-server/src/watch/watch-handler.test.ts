// The watch handler over HTTPS, in process, with a short bookmark interval: where a watch starts
// (initial events, the initial-events-end bookmark, "from now"), what it refuses, and what a
// watcher sees when an update makes an object stop matching its selector.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClusterClient, type ClusterClient } from '../../../suites/framework/http/client.js';
import { loadConnection } from '../../../suites/framework/http/connection.js';
import { createTransport, type Transport } from '../../../suites/framework/http/transport.js';
import type { WatchEvent } from '../../../suites/framework/http/watch.js';
import { DEFAULT_TIMEOUTS } from '../../../suites/framework/timeouts.js';
import { startApiServer, type RunningApiServer } from '../server/api-server.js';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

interface Meta {
  name?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
type Obj = { metadata: Meta; data?: Record<string, string>; code?: number; reason?: string };

const meta = (event: WatchEvent): Meta => (event.object as Obj).metadata;

describe('watch handler', function () {
  this.timeout(30_000);
  let dir: string;
  let server: RunningApiServer;
  let transport: Transport;
  let client: ClusterClient;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcp-harness-watch-handler-'));
    server = await startApiServer({
      rootDirectory: dir,
      bindAddress: '127.0.0.1',
      securePort: 0,
      store: 'memory',
      watchLimits: { bookmarkIntervalMs: 300 },
      log: () => undefined,
    });
    const connection = await loadConnection(server.kubeconfigPath, 'root');
    transport = createTransport(connection, DEFAULT_TIMEOUTS);
    client = createClusterClient(transport, connection.server);
  });

  after(async () => {
    transport?.agent.destroy();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const create = async (name: string, labels: Record<string, string>, data = {}): Promise<Obj> => {
    const r = await client.post<Obj>(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, labels },
      data,
    });
    expect(r.status, r.text).to.equal(201);
    return r.body;
  };

  it('sends the initial objects, then the initial-events-end bookmark at the list revision, then live events', async () => {
    const one = await create('ie-one', { set: 'ie' });
    const watch = await client.watch({
      path: CONFIGMAPS,
      query: {
        labelSelector: 'set=ie',
        sendInitialEvents: 'true',
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: 'true',
      },
    });
    try {
      const added = await watch.next();
      expect([added.type, meta(added).name]).to.deep.equal(['ADDED', 'ie-one']);
      const end = await watch.next();
      expect(end.type).to.equal('BOOKMARK');
      expect(meta(end).annotations).to.deep.equal({ 'k8s.io/initial-events-end': 'true' });
      expect(Number(meta(end).resourceVersion)).to.be.at.least(Number(one.metadata.resourceVersion));
      const two = await create('ie-two', { set: 'ie' });
      const live = await watch.next();
      expect([live.type, meta(live).resourceVersion]).to.deep.equal(['ADDED', two.metadata.resourceVersion]);
      // Periodic bookmarks carry no annotation.
      const tick = await watch.nextMatching((event) => event.type === 'BOOKMARK', 5_000);
      expect(meta(tick)).to.deep.equal({ resourceVersion: two.metadata.resourceVersion });
    } finally {
      watch.close();
    }
  });

  it('sends no initial-events-end bookmark when bookmarks are not allowed', async () => {
    await create('nb-one', { set: 'nb' });
    const watch = await client.watch({ path: CONFIGMAPS, query: { labelSelector: 'set=nb' } });
    try {
      expect((await watch.next()).type).to.equal('ADDED');
      const two = await create('nb-two', { set: 'nb' });
      const next = await watch.next();
      expect([next.type, meta(next).resourceVersion]).to.deep.equal(['ADDED', two.metadata.resourceVersion]);
    } finally {
      watch.close();
    }
  });

  it('starts from now for sendInitialEvents=false without a resourceVersion', async () => {
    await create('now-old', { set: 'now' });
    const watch = await client.watch({
      path: CONFIGMAPS,
      query: { labelSelector: 'set=now', sendInitialEvents: 'false', resourceVersionMatch: 'NotOlderThan' },
    });
    try {
      const fresh = await create('now-new', { set: 'now' });
      const first = await watch.next();
      expect([first.type, meta(first).name, meta(first).resourceVersion]).to.deep.equal([
        'ADDED',
        'now-new',
        fresh.metadata.resourceVersion,
      ]);
    } finally {
      watch.close();
    }
  });

  it('answers a NotOlderThan revision beyond the current one with an ERROR event: 504 Timeout', async () => {
    const watch = await client.watch({
      path: CONFIGMAPS,
      resourceVersion: '999999999',
      query: { sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true' },
      errorEvents: 'deliver',
    });
    try {
      const event = await watch.next();
      expect(event.type).to.equal('ERROR');
      expect(event.object).to.include({ code: 504, reason: 'Timeout' });
    } finally {
      watch.close();
    }
  });

  it('refuses sendInitialEvents without resourceVersionMatch with 422 Invalid', async () => {
    const r = await client.get<Obj>(CONFIGMAPS, { query: { watch: 'true', sendInitialEvents: 'true' } });
    expect(r.status, r.text).to.equal(422);
    expect(r.body).to.include({ code: 422, reason: 'Invalid' });
  });

  it('sends DELETED with the last matching state, at the revision of the update that ends the match', async () => {
    const obj = await create('moving', { set: 'mv', selected: 'yes' }, { step: '1' });
    const watch = await client.watch({
      path: CONFIGMAPS,
      resourceVersion: obj.metadata.resourceVersion,
      query: { labelSelector: 'set=mv,selected=yes' },
    });
    try {
      const r = await client.put<Obj>(`${CONFIGMAPS}/moving`, {
        ...obj,
        metadata: { ...obj.metadata, labels: { set: 'mv', selected: 'no' } },
        data: { step: '2' },
      });
      expect(r.status, r.text).to.equal(200);
      const event = await watch.next();
      expect(event.type).to.equal('DELETED');
      expect(meta(event).labels).to.deep.equal({ set: 'mv', selected: 'yes' });
      expect((event.object as Obj).data).to.deep.equal({ step: '1' });
      expect(meta(event).resourceVersion).to.equal(r.body.metadata.resourceVersion);
    } finally {
      watch.close();
    }
  });
});
