import { expect } from 'chai';
import { startCompactor } from './compactor.js';
import { createMemoryStore } from './memory-store.js';
import type { StoreEvent } from './store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
});

// Tiny replay pages put many replay/live handoffs into every watch test.
describeStoreContract('memory, 3-event replay pages', async () => {
  const store = createMemoryStore({ replayPageSize: 3 });
  return { store, cleanup: () => store.close() };
});

describe('memory store fan-out', () => {
  it('delivers each event only to the watchers whose prefix matches, among thousands', async () => {
    const store = createMemoryStore();
    try {
      const received = new Map<string, StoreEvent[]>();
      const watch = (prefix: string): void => {
        const events: StoreEvent[] = [];
        received.set(prefix, events);
        store.watch(prefix, 0, { onEvent: (e) => events.push(e) });
      };
      for (let ns = 0; ns < 1000; ns++) {
        watch(`/pods/ns${ns}/`);
        watch(`/pods/ns${ns}`); // not '/'-terminated: also matches ns1 for ns10..ns19 etc.
        watch(`/cm/ns${ns}/`);
      }
      watch('');
      for (let ns = 0; ns < 1000; ns++) await store.create(`/pods/ns${ns}/p`, 'v');
      expect(received.get('')).to.have.length(1000);
      expect(received.get('/pods/ns7/')!.map((e) => e.kv.key)).to.deep.equal(['/pods/ns7/p']);
      expect(received.get('/pods/ns999')!.map((e) => e.kv.key)).to.deep.equal(['/pods/ns999/p']);
      expect(received.get('/pods/ns1')).to.have.length(111); // ns1, ns1x, ns1xx
      expect(received.get('/cm/ns7/')).to.deep.equal([]);
    } finally {
      await store.close();
    }
  });
});

describe('startCompactor', () => {
  it('compacts to current - retainRevisions on every interval until stopped', async () => {
    const store = createMemoryStore();
    const errors: unknown[] = [];
    const stop = startCompactor(store, {
      retainRevisions: 10,
      intervalMs: 5,
      onError: (e) => errors.push(e),
    });
    try {
      for (let i = 0; i < 50; i++) await store.create(`/k/${i}`, 'v');
      const deadline = Date.now() + 2000;
      while ((await store.compactedRevision()) !== 40 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(await store.compactedRevision()).to.equal(40);
      stop();
      for (let i = 50; i < 70; i++) await store.create(`/k/${i}`, 'v');
      await new Promise((r) => setTimeout(r, 30));
      expect(await store.compactedRevision()).to.equal(40);
      expect(errors).to.deep.equal([]);
    } finally {
      stop();
      await store.close();
    }
  });
});
