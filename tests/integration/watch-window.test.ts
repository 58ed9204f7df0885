// The watch window over HTTP: history older than --watch-history-revisions is compacted away,
// and a watch from such a resourceVersion gets one ERROR event carrying 410 Expired (HTTP 200),
// as kube-apiserver and kcp answer (kcp v0.32 probed: `too old resource version: 1 (601)`).
import { expect } from 'chai';
import { eventually } from '../../suites/framework/eventually.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

describe('watch window', function () {
  this.timeout(60_000);
  let env: ServerWithClients | undefined;
  let client: ClusterClient;

  before(async function () {
    env = await startServerWithClients('watch-window', [
      '--watch-history-revisions',
      '3',
      '--compaction-interval',
      '1',
    ]);
    client = await env.client();
  });

  after(async () => env?.stop());

  it('answers a watch from a compacted resourceVersion with an ERROR event: 410 Expired', async function () {
    const first = await client.post<{ metadata: { resourceVersion: string } }>(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'w-0' },
    });
    expect(first.status).to.equal(201);
    const old = first.body!.metadata.resourceVersion;
    for (let i = 1; i <= 8; i++) {
      const r = await client.post(CONFIGMAPS, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `w-${i}` },
      });
      expect(r.status).to.equal(201);
    }
    await eventually(
      async () => {
        const watch = await client.watch({ path: CONFIGMAPS, resourceVersion: old, errorEvents: 'deliver' });
        try {
          const event = await watch.next(5_000);
          expect(event.type, JSON.stringify(event)).to.equal('ERROR');
          expect(event.object).to.include({
            kind: 'Status',
            status: 'Failure',
            code: 410,
            reason: 'Expired',
          });
          expect(event.object.message).to.match(/^too old resource version: \d+ \(\d+\)$/);
        } finally {
          watch.close();
        }
      },
      { timeoutMs: 20_000, intervalMs: 250, consecutive: 1, description: 'history compacted' },
    );
  });

  it('still resumes from a resourceVersion inside the window', async function () {
    const list = await client.get<{ metadata: { resourceVersion: string } }>(CONFIGMAPS);
    const watch = await client.watch({
      path: CONFIGMAPS,
      resourceVersion: list.body!.metadata.resourceVersion,
    });
    try {
      const r = await client.post(CONFIGMAPS, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'w-live' },
      });
      expect(r.status).to.equal(201);
      const event = await watch.next(5_000);
      expect(event.type).to.equal('ADDED');
      expect((event.object as { metadata: { name: string } }).metadata.name).to.equal('w-live');
    } finally {
      watch.close();
    }
  });
});
