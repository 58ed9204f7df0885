import { expect } from 'chai';
import { openStore } from '../storage/index.js';
import { lastWriteOf, startEventTTLController } from './event-ttl-controller.js';

describe('event TTL controller', () => {
  it('takes the newest time an Event carries as its last write', () => {
    expect(
      lastWriteOf({
        metadata: {
          creationTimestamp: '2026-01-01T00:00:00Z',
          managedFields: [{ time: '2026-01-01T02:00:00Z' }],
        },
        lastTimestamp: '2026-01-01T01:00:00Z',
      }),
    ).to.equal(Date.parse('2026-01-01T02:00:00Z'));
  });

  it('deletes Events older than the TTL and keeps fresh ones', async () => {
    const store = await openStore({ kind: 'memory', directory: '' });
    const old = new Date(Date.now() - 10_000).toISOString();
    const fresh = new Date().toISOString();
    await store.create(
      '/registry/core/events/c/default/old',
      JSON.stringify({ metadata: { creationTimestamp: old } }),
    );
    await store.create(
      '/registry/core/events/c/default/new',
      JSON.stringify({ metadata: { creationTimestamp: fresh } }),
    );
    const controller = startEventTTLController({ store, log: () => {}, ttlSeconds: 5, intervalMs: 20 });
    try {
      await new Promise((r) => setTimeout(r, 100));
      await controller.idle();
      expect((await store.list('/registry/core/events/')).items.map((kv) => kv.key)).to.deep.equal([
        '/registry/core/events/c/default/new',
      ]);
    } finally {
      controller.stop();
      await store.close();
    }
  });
});
