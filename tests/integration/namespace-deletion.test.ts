// Namespace deletion on the reference server: DELETE marks the namespace Terminating and its
// content is deleted; an object held by a finalizer keeps the namespace until the finalizer is
// removed, and then the namespace goes without any further request (Kubernetes' namespace
// controller semantics, pkg/controller/namespace).
import { expect } from 'chai';
import { eventually } from '../../suites/framework/eventually.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

describe('namespace deletion', function () {
  this.timeout(60_000);
  let env: ServerWithClients | undefined;
  let client: ClusterClient;

  before(async function () {
    env = await startServerWithClients('ns-deletion');
    client = await env.client();
  });

  after(async () => env?.stop());

  it('waits for content held by a finalizer, then removes the namespace by itself', async function () {
    expect((await client.post('/api/v1/namespaces', { metadata: { name: 'held' } })).status).to.equal(201);
    const cms = '/api/v1/namespaces/held/configmaps';
    expect((await client.post(cms, { metadata: { name: 'free' } })).status).to.equal(201);
    expect(
      (await client.post(cms, { metadata: { name: 'pinned', finalizers: ['example.com/hold'] } })).status,
    ).to.equal(201);

    const deleted = await client.delete<{ status: { phase: string } }>('/api/v1/namespaces/held');
    expect(deleted.status).to.equal(200);
    expect(deleted.body.status.phase).to.equal('Terminating');
    await eventually(
      async () => {
        expect((await client.get(`${cms}/free`)).status).to.equal(404);
        const pinned = await client.get<{ metadata: { deletionTimestamp?: string } }>(`${cms}/pinned`);
        expect(pinned.body.metadata.deletionTimestamp).to.be.a('string');
      },
      {
        timeoutMs: 10_000,
        intervalMs: 100,
        consecutive: 1,
        description: 'content deleted except the pinned object',
      },
    );
    // New content is refused while the namespace terminates.
    expect((await client.post(cms, { metadata: { name: 'late' } })).status).to.equal(403);
    expect((await client.get('/api/v1/namespaces/held')).status).to.equal(200);

    const pinned = await client.get<Record<string, unknown> & { metadata: Record<string, unknown> }>(
      `${cms}/pinned`,
    );
    const released = await client.put(`${cms}/pinned`, {
      ...pinned.body,
      metadata: { ...pinned.body.metadata, finalizers: [] },
    });
    expect(released.status).to.equal(200);
    await eventually(async () => expect((await client.get('/api/v1/namespaces/held')).status).to.equal(404), {
      timeoutMs: 10_000,
      intervalMs: 100,
      consecutive: 1,
      description: 'namespace removed after its last object went',
    });
  });
});
