// The one behavioural specification every Store implementation must pass. Each store's test
// file calls describeStoreContract with a factory; nothing here knows which store it is testing.

import { expect } from 'chai';
import {
  CompactedError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  type KeyValue,
  type Store,
  type StoreEvent,
  type Watcher,
} from './store.js';

export interface OpenedStore {
  store: Store;
  /** Closes the store (it may already be closed) and removes anything it left behind. */
  cleanup(): Promise<void>;
}

interface Recording {
  events: StoreEvent[];
  closes: string[];
  watcher: Watcher;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** Lets pending replays and timers run, so that an event that should not come would have come. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await turn();
  await sleep(20);
}

function record(
  store: Store,
  prefix: string,
  fromRevision: number,
  onEvent?: (event: StoreEvent, recording: Recording) => void,
): Recording {
  const recording = { events: [], closes: [] } as unknown as Recording;
  recording.watcher = store.watch(prefix, fromRevision, {
    onEvent(event) {
      recording.events.push(event);
      onEvent?.(event, recording);
    },
    onClose(reason) {
      recording.closes.push(reason);
    },
  });
  return recording;
}

const revisionsOf = (recording: Recording): number[] => recording.events.map((e) => e.revision);
const keysOf = (items: { key: string }[]): string[] => items.map((i) => i.key);
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function rejection<T extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(type);
    return err as T;
  }
  throw new Error(`expected a ${type.name}, but the call succeeded`);
}

/** Small seeded PRNG (mulberry32) so a failing randomized run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function describeStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract: ${name}`, function () {
    let store: Store;
    let opened: OpenedStore | undefined;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await opened?.cleanup();
      opened = undefined;
    });

    describe('reads and writes', () => {
      it('starts empty at revision 0', async () => {
        expect(await store.currentRevision()).to.equal(0);
        expect(await store.compactedRevision()).to.equal(0);
        expect(await store.get('/a')).to.equal(undefined);
        expect(await store.list('/')).to.deep.equal({ items: [], revision: 0 });
        expect(await store.count('')).to.equal(0);
      });

      it('creates, gets, updates and deletes a key', async () => {
        const created = await store.create('/k', 'v1');
        expect(created).to.deep.equal({ key: '/k', value: 'v1', createRevision: 1, modRevision: 1 });
        expect(await store.get('/k')).to.deep.equal(created);

        const updated = await store.update('/k', 'v2');
        expect(updated).to.deep.equal({ key: '/k', value: 'v2', createRevision: 1, modRevision: 2 });
        expect(await store.get('/k')).to.deep.equal(updated);

        const deleted = await store.delete('/k');
        expect(deleted).to.deep.equal({ key: '/k', value: 'v2', createRevision: 1, modRevision: 3 });
        expect(await store.get('/k')).to.equal(undefined);
        expect(await store.currentRevision()).to.equal(3);
      });

      it('rejects creating an existing key with KeyExistsError, changing nothing', async () => {
        await store.create('/k', 'v1');
        const err = await rejection(store.create('/k', 'v2'), KeyExistsError);
        expect(err.key).to.equal('/k');
        expect((await store.get('/k'))?.value).to.equal('v1');
        expect(await store.currentRevision()).to.equal(1);
      });

      it('rejects updating or deleting a missing key with KeyNotFoundError', async () => {
        expect((await rejection(store.update('/missing', 'v'), KeyNotFoundError)).key).to.equal('/missing');
        await rejection(store.delete('/missing'), KeyNotFoundError);
        await store.create('/gone', 'v');
        await store.delete('/gone');
        await rejection(store.update('/gone', 'v'), KeyNotFoundError);
        await rejection(store.delete('/gone'), KeyNotFoundError);
        expect(await store.currentRevision()).to.equal(2);
      });

      it('rejects a stale expectedModRevision with RevisionConflictError', async () => {
        const first = await store.create('/k', 'v1');
        const second = await store.update('/k', 'v2', first.modRevision);
        const onUpdate = await rejection(store.update('/k', 'v3', first.modRevision), RevisionConflictError);
        expect(onUpdate).to.include({ key: '/k', expected: first.modRevision, actual: second.modRevision });
        const onDelete = await rejection(store.delete('/k', first.modRevision), RevisionConflictError);
        expect(onDelete).to.include({ expected: first.modRevision, actual: second.modRevision });
        expect((await store.get('/k'))?.value).to.equal('v2');
        expect(await store.currentRevision()).to.equal(second.modRevision);
        expect((await store.delete('/k', second.modRevision)).value).to.equal('v2');
      });

      it('gives every write a new global revision, strictly increasing across keys', async () => {
        const seen: number[] = [];
        for (let i = 0; i < 5; i++) {
          seen.push((await store.create(`/r/${i}`, 'v')).modRevision);
          seen.push((await store.update(`/r/${i}`, 'w')).modRevision);
        }
        seen.push((await store.delete('/r/0')).modRevision);
        for (let i = 1; i < seen.length; i++) expect(seen[i]).to.be.greaterThan(seen[i - 1]!);
        expect(await store.currentRevision()).to.equal(seen[seen.length - 1]);
      });

      it('keeps createRevision across updates and starts over after delete', async () => {
        const created = await store.create('/k', 'v1');
        await store.create('/other', 'x');
        const updated = await store.update('/k', 'v2');
        expect(updated.createRevision).to.equal(created.createRevision);
        expect(updated.modRevision).to.be.greaterThan(created.modRevision);
        const deleted = await store.delete('/k');
        expect(deleted.createRevision).to.equal(created.createRevision);
        const recreated = await store.create('/k', 'v3');
        expect(recreated.createRevision).to.equal(recreated.modRevision);
        expect(recreated.createRevision).to.be.greaterThan(deleted.modRevision);
      });

      it('returns the last value from delete, at the revision of the deletion', async () => {
        await store.create('/k', 'v1');
        await store.update('/k', 'last');
        const deleted = await store.delete('/k');
        expect(deleted.value).to.equal('last');
        expect(deleted.modRevision).to.equal(await store.currentRevision());
      });
    });

    describe('list and count', () => {
      it('lists keys under a prefix in key order, at the current revision', async () => {
        for (const key of ['/a/b/2', '/a/bc/1', '/a/b/1', '/a/b', '/a/a/x', '/a/b/10', '/b/x']) {
          await store.create(key, `value of ${key}`);
        }
        const underB = await store.list('/a/b/');
        expect(keysOf(underB.items)).to.deep.equal(['/a/b/1', '/a/b/10', '/a/b/2']);
        expect(underB.items[0]).to.deep.equal({
          key: '/a/b/1',
          value: 'value of /a/b/1',
          createRevision: 3,
          modRevision: 3,
        });
        expect(underB.revision).to.equal(7);
        expect(underB.nextKey).to.equal(undefined);
        expect(keysOf((await store.list('/a/')).items)).to.deep.equal([
          '/a/a/x',
          '/a/b',
          '/a/b/1',
          '/a/b/10',
          '/a/b/2',
          '/a/bc/1',
        ]);
        expect(keysOf((await store.list('')).items)).to.have.length(7);
        expect((await store.list('/c/')).items).to.deep.equal([]);
      });

      it('orders and bounds non-ASCII keys by code point', async () => {
        // U+FFFF sorts before U+10000 by code point but after it by UTF-16 code unit.
        const keys = ['/w/\u{10000}', '/w/\uffffa', '/w/a', '/w/\uffff', '/w/\u00e9'];
        for (const key of keys) await store.create(key, 'v');
        expect(keysOf((await store.list('/w/')).items)).to.deep.equal([
          '/w/a',
          '/w/\u00e9',
          '/w/\uffff',
          '/w/\uffffa',
          '/w/\u{10000}',
        ]);
        expect(keysOf((await store.list('/w/\uffff')).items)).to.deep.equal(['/w/\uffff', '/w/\uffffa']);
        expect(await store.count('/w/\uffff')).to.equal(2);
      });

      it('pages with limit, startKey and nextKey, covering every key exactly once', async () => {
        const inside = range(0, 24).map((i) => `/p/${String(i).padStart(2, '0')}`);
        for (const key of [...inside].reverse()) await store.create(key, key);
        for (const key of ['/p', '/pa/x', '/o/x', '/q/x']) await store.create(key, key);

        for (const limit of [7, 5, 1, 25, 100]) {
          const seen: string[] = [];
          let startKey: string | undefined;
          let pages = 0;
          do {
            const page = await store.list('/p/', { limit, startKey });
            expect(page.items.length).to.be.at.most(limit);
            expect(page.revision).to.equal(await store.currentRevision());
            seen.push(...keysOf(page.items));
            if (page.nextKey !== undefined) {
              expect(page.items).to.have.length(limit);
              expect(page.nextKey > page.items[page.items.length - 1]!.key).to.equal(true);
            }
            startKey = page.nextKey;
            pages++;
          } while (startKey !== undefined);
          expect(seen, `limit ${limit}`).to.deep.equal(inside);
          expect(pages, `limit ${limit}`).to.equal(Math.max(1, Math.ceil(inside.length / limit)));
        }
        expect(keysOf((await store.list('/p/', { startKey: '/p/20' })).items)).to.deep.equal(
          inside.slice(20),
        );
        expect((await store.list('/p/', { limit: 0 })).items).to.have.length(25);
      });

      it('counts keys under a prefix', async () => {
        for (const key of ['/a/b/1', '/a/b/2', '/a/bc/1', '/a/c', '/b/1']) await store.create(key, 'v');
        await store.delete('/a/b/2');
        expect(await store.count('/a/b/')).to.equal(1);
        expect(await store.count('/a/')).to.equal(3);
        expect(await store.count('/a/b')).to.equal(2);
        expect(await store.count('')).to.equal(4);
        expect(await store.count('/z/')).to.equal(0);
      });
    });

    describe('list at a past revision', () => {
      // A deterministic pseudo-random history over few keys, so keys are created, updated,
      // deleted and re-created; `states[r]` is the expected content of the store at revision r.
      async function writeHistory(ops: number): Promise<Map<string, KeyValue>[]> {
        const states: Map<string, KeyValue>[] = [new Map()];
        const live = new Map<string, KeyValue>();
        let seed = 7;
        const next = (n: number) => {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          return seed % n;
        };
        for (let op = 0; op < ops; op++) {
          const key = next(5) === 0 ? `/other/${next(3)}` : `/s/${String(next(12)).padStart(2, '0')}`;
          const existing = live.get(key);
          if (!existing) live.set(key, await store.create(key, `v${op}`));
          else if (next(3) === 0) {
            await store.delete(key);
            live.delete(key);
          } else live.set(key, await store.update(key, `v${op}`));
          states.push(new Map(live));
        }
        return states;
      }

      const expectedUnder = (state: Map<string, KeyValue>, prefix: string): KeyValue[] =>
        [...state.values()]
          .filter((kv) => kv.key.startsWith(prefix))
          .sort((a, b) => (a.key < b.key ? -1 : 1));

      it('lists exactly the keys and values of every retained revision, whole and in pages', async () => {
        const states = await writeHistory(120);
        const current = await store.currentRevision();
        expect(current).to.equal(states.length - 1);
        for (let revision = 1; revision <= current; revision++) {
          const expected = expectedUnder(states[revision]!, '/s/');
          const whole = await store.list('/s/', { revision, countRemaining: true });
          expect(whole.revision).to.equal(revision);
          expect(whole.items, `revision ${revision}`).to.deep.equal(expected);
          expect(whole.remaining).to.equal(0);
          for (const limit of [1, 3]) {
            const seen: KeyValue[] = [];
            let startKey: string | undefined;
            do {
              const page = await store.list('/s/', { revision, limit, startKey, countRemaining: true });
              expect(page.revision).to.equal(revision);
              seen.push(...page.items);
              if (page.nextKey !== undefined) {
                expect(page.items).to.have.length(limit);
                expect(page.remaining, `revision ${revision} limit ${limit}`).to.equal(
                  expected.length - seen.length,
                );
              }
              startKey = page.nextKey;
            } while (startKey !== undefined);
            expect(seen, `revision ${revision} limit ${limit}`).to.deep.equal(expected);
          }
        }
      });

      it('keeps serving revisions at or after the compacted one; older ones fail with CompactedError', async () => {
        const states = await writeHistory(60);
        await store.compact(40);
        for (let revision = 40; revision <= 60; revision++) {
          expect((await store.list('/s/', { revision })).items).to.deep.equal(
            expectedUnder(states[revision]!, '/s/'),
          );
        }
        const err = await store.list('/s/', { revision: 39 }).catch((e: unknown) => e);
        expect(err).to.be.instanceOf(CompactedError);
        expect(err).to.include({ requested: 39, compacted: 40 });
      });

      it('rejects a revision ahead of the current one with FutureRevisionError', async () => {
        await writeHistory(5);
        const err = await store.list('/s/', { revision: 6 }).catch((e: unknown) => e);
        expect(err).to.be.instanceOf(FutureRevisionError);
        expect(err).to.include({ requested: 6, current: 5 });
        // The current revision itself (or 0) is a plain current read.
        expect((await store.list('/s/', { revision: 5 })).revision).to.equal(5);
        expect((await store.list('/s/', { revision: 0 })).revision).to.equal(5);
      });

      it('counts the keys after a page at the current revision', async () => {
        for (const key of ['/c/1', '/c/2', '/c/3', '/c/4', '/d/1']) await store.create(key, 'v');
        const page = await store.list('/c/', { limit: 1, startKey: '/c/2', countRemaining: true });
        expect(keysOf(page.items)).to.deep.equal(['/c/2']);
        expect(page.remaining).to.equal(2);
        expect((await store.list('/c/', { countRemaining: true })).remaining).to.equal(0);
        expect((await store.list('/c/', { limit: 2 })).remaining).to.equal(undefined);
      });

      it('accepts a start key just after a key (key + NUL), as Kubernetes continue tokens have', async () => {
        for (const key of ['/n/a', '/n/a0', '/n/b']) await store.create(key, 'v');
        const revision = await store.currentRevision();
        await store.create('/n/c', 'v');
        expect(keysOf((await store.list('/n/', { startKey: '/n/a\u0000' })).items)).to.deep.equal([
          '/n/a0',
          '/n/b',
          '/n/c',
        ]);
        expect(keysOf((await store.list('/n/', { startKey: '/n/a\u0000', revision })).items)).to.deep.equal([
          '/n/a0',
          '/n/b',
        ]);
      });
    });

    describe('watch', () => {
      it('replays history after fromRevision, then delivers live events, in order', async () => {
        for (let i = 1; i <= 10; i++) await store.create(`/w/${i}`, `v${i}`);
        const recording = record(store, '/w/', 3);
        await until('replay', () => recording.events.length === 7);
        expect(revisionsOf(recording)).to.deep.equal(range(4, 10));
        for (let i = 11; i <= 15; i++) await store.create(`/w/${i}`, `v${i}`);
        await until('live events', () => recording.events.length === 12);
        await settle();
        expect(revisionsOf(recording)).to.deep.equal(range(4, 15));
        expect(recording.events.map((e) => e.kv.value)).to.deep.equal(range(4, 15).map((i) => `v${i}`));
        expect(recording.closes).to.deep.equal([]);
      });

      it('carries the previous state on update and delete events, in replay and live', async () => {
        const c = await store.create('/e/k', 'v1');
        const u = await store.update('/e/k', 'v2');
        const d = await store.delete('/e/k');
        const expected: StoreEvent[] = [
          { type: 'create', revision: c.modRevision, kv: c },
          { type: 'update', revision: u.modRevision, kv: u, prev: c },
          { type: 'delete', revision: d.modRevision, kv: d, prev: u },
        ];
        const replayed = record(store, '/e/', 0);
        await until('replay', () => replayed.events.length === 3);
        expect(replayed.events).to.deep.equal(expected);

        const live = record(store, '/e/', await store.currentRevision());
        const c2 = await store.create('/e/k', 'v3');
        const u2 = await store.update('/e/k', 'v4');
        const d2 = await store.delete('/e/k');
        await until('live', () => live.events.length === 3);
        expect(live.events).to.deep.equal([
          { type: 'create', revision: c2.modRevision, kv: c2 },
          { type: 'update', revision: u2.modRevision, kv: u2, prev: c2 },
          { type: 'delete', revision: d2.modRevision, kv: d2, prev: u2 },
        ]);
      });

      it('delivers writes made during replay exactly once, with no gap', async () => {
        for (let i = 0; i < 600; i++) await store.create(`/h/${i}`, 'v');
        const writes: Promise<unknown>[] = [];
        const fromStart = record(store, '/h/', 0, (event) => {
          // Writes from inside a replayed event land behind the replay cursor's snapshot.
          if (event.revision === 5 || event.revision === 599) {
            for (let j = 0; j < 3; j++) writes.push(store.create(`/h/during-${event.revision}-${j}`, 'v'));
          }
        });
        const fromMiddle = record(store, '/h/', 300);
        // Writes issued right after watch() returns, before replay has started.
        writes.push(store.create('/h/right-after-1', 'v'), store.update('/h/0', 'w'));
        await turn();
        writes.push(store.delete('/h/1'));
        // The writes made at revision 599 exist only once the replay has reached it.
        await until('replay past 599', () => fromStart.events.length >= 599);
        await Promise.all(writes);
        const head = await store.currentRevision();
        expect(head).to.equal(600 + 9);
        await until(
          'replay and live',
          () => fromStart.events.length === head && fromMiddle.events.length === head - 300,
        );
        for (let i = 0; i < 3; i++) writes.push(store.create(`/h/after-${i}`, 'v'));
        await Promise.all(writes);
        await until('live', () => fromStart.events.length === head + 3);
        await settle();
        expect(revisionsOf(fromStart)).to.deep.equal(range(1, head + 3));
        expect(revisionsOf(fromMiddle)).to.deep.equal(range(301, head + 3));
      });

      it('filters by prefix, in replay and live', async () => {
        const keys = ['/a/b/1', '/a/bc/1', '/a/b', '/a/x', '/b/1', '/a/b/2/deep'];
        const write = async (): Promise<void> => {
          for (const key of keys) await store.create(key, 'v');
          for (const key of keys) await store.delete(key);
        };
        await write();
        const prefixes = ['/a/b/', '/a/b', '/a/', '', '/b/', '/c/'];
        const replaying = prefixes.map((prefix) => record(store, prefix, 0));
        const live = prefixes.map((prefix) => record(store, prefix, 2 * keys.length));
        await write();
        const matching = (prefix: string): string[] => keys.filter((k) => k.startsWith(prefix));
        await until('all events', () =>
          prefixes.every((p, i) => replaying[i]!.events.length === 4 * matching(p).length),
        );
        await settle();
        prefixes.forEach((prefix, i) => {
          const once = [...matching(prefix), ...matching(prefix)];
          expect(
            replaying[i]!.events.map((e) => e.kv.key),
            `replay ${prefix}`,
          ).to.deep.equal([...once, ...once]);
          expect(
            live[i]!.events.map((e) => e.kv.key),
            `live ${prefix}`,
          ).to.deep.equal(once);
        });
      });

      it('keeps revision order for every watcher when a watcher writes from onEvent', async () => {
        const writer = record(store, '/x/', 0, (event) => {
          if (event.kv.key === '/x/trigger') void store.create('/x/reply', 'v');
        });
        const observer = record(store, '/x/', 0);
        await store.create('/x/trigger', 'v');
        await until('reply', () => observer.events.length === 2 && writer.events.length === 2);
        expect(observer.events.map((e) => e.kv.key)).to.deep.equal(['/x/trigger', '/x/reply']);
        expect(revisionsOf(observer)).to.deep.equal([1, 2]);
      });

      it('waits when fromRevision is ahead of the current revision', async () => {
        await store.create('/f/0', 'v');
        const head = await store.currentRevision();
        const recording = record(store, '/f/', head + 3);
        for (let i = 1; i <= 5; i++) await store.create(`/f/${i}`, 'v');
        await until('events', () => recording.events.length === 2);
        await settle();
        expect(revisionsOf(recording)).to.deep.equal([head + 4, head + 5]);
      });

      it('rejects fromRevision below the compacted revision with CompactedError', async () => {
        for (let i = 1; i <= 10; i++) await store.create(`/c/${i}`, 'v');
        await store.compact(5);
        expect(await store.compactedRevision()).to.equal(5);
        let thrown: unknown;
        try {
          store.watch('/c/', 4, { onEvent() {} });
        } catch (err) {
          thrown = err;
        }
        expect(thrown).to.be.instanceOf(CompactedError);
        expect(thrown).to.include({ requested: 4, compacted: 5 });
        const recording = record(store, '/c/', 5);
        await until('history after compaction', () => recording.events.length === 5);
        expect(revisionsOf(recording)).to.deep.equal(range(6, 10));
      });

      it('keeps later history, including previous values, after compaction', async () => {
        await store.create('/k/a', 'a1'); // 1
        const a2 = await store.update('/k/a', 'a2'); // 2
        await store.create('/k/b', 'b1'); // 3
        await store.update('/k/b', 'b2'); // 4
        await store.delete('/k/b'); // 5
        await store.compact(5);
        const a3 = await store.update('/k/a', 'a3'); // 6
        const gone = await store.delete('/k/a'); // 7
        await store.compact(3); // older than the compacted revision: no-op
        expect(await store.compactedRevision()).to.equal(5);
        const recording = record(store, '/k/', 5);
        await until('events', () => recording.events.length === 2);
        expect(recording.events).to.deep.equal([
          { type: 'update', revision: 6, kv: a3, prev: a2 },
          { type: 'delete', revision: 7, kv: gone, prev: a3 },
        ]);
        expect(await store.get('/k/a')).to.equal(undefined);

        await store.compact(1000); // beyond the head: clamped
        expect(await store.compactedRevision()).to.equal(7);
        const next = await store.create('/k/c', 'c1');
        expect(next.modRevision).to.equal(8);
        const afterAll = record(store, '/k/', 7);
        await until('event', () => afterAll.events.length === 1);
        expect(afterAll.events[0]).to.deep.equal({ type: 'create', revision: 8, kv: next });
      });

      it('stops delivering after cancel, live or during replay', async () => {
        for (let i = 0; i < 20; i++) await store.create(`/s/${i}`, 'v');
        const duringReplay = record(store, '/s/', 0, (event, recording) => {
          if (event.revision === 3) recording.watcher.cancel();
        });
        const live = record(store, '/s/', 20);
        await store.create('/s/live-1', 'v');
        expect(live.events).to.have.length(1);
        live.watcher.cancel();
        live.watcher.cancel();
        await store.create('/s/live-2', 'v');
        await settle();
        expect(revisionsOf(duringReplay)).to.deep.equal([1, 2, 3]);
        expect(revisionsOf(live)).to.deep.equal([21]);
        expect(live.closes).to.deep.equal([]);
      });

      it('calls onClose("closed") once for every watcher on close, and delivers nothing after', async () => {
        for (let i = 0; i < 10; i++) await store.create(`/z/${i}`, 'v');
        const live = record(store, '/z/', 10);
        const pending = record(store, '/z/', 0);
        const cancelled = record(store, '/z/', 10);
        cancelled.watcher.cancel();
        await store.close();
        await store.close();
        await settle();
        expect(live.closes).to.deep.equal(['closed']);
        expect(pending.closes).to.deep.equal(['closed']);
        expect(pending.events).to.deep.equal([]);
        expect(cancelled.closes).to.deep.equal([]);
        await rejection(store.create('/z/after', 'v'), Error);
        const late = record(store, '/z/', 10);
        await settle();
        expect(late.closes).to.deep.equal(['closed']);
      });

      it('matches the store log for random writes seen by concurrent watchers', async () => {
        const seed = 20240601;
        const random = prng(seed);
        const keys = [
          ...range(0, 9).map((i) => `/rand/a/${i}`),
          ...range(0, 3).map((i) => `/rand/ab/${i}`),
          ...range(0, 5).map((i) => `/rand/b/${i}`),
        ];
        // Three watchers join while writes go on, each from an older revision, so each replays
        // and then goes live. After 500 ops the history is compacted and 150 more ops follow;
        // a fourth watcher then replays from the compacted revision, which checks that
        // compaction kept everything later, including the prev values of updates.
        const watchers = [
          { prefix: '/rand/', startAtOp: 0, fromOp: 0 },
          { prefix: '/rand/a/', startAtOp: 150, fromOp: 60 },
          { prefix: '/rand/b/', startAtOp: 320, fromOp: 200 },
          { prefix: '/rand/', startAtOp: 650, fromOp: 350 },
        ];
        const compactAtOp = 500;
        const recordings: Recording[] = [];
        const fromRevisions: number[] = [];
        const revisionBefore: number[] = [];
        const model = new Map<string, KeyValue>();
        const log: StoreEvent[] = [];
        const expectedFor = (i: number): StoreEvent[] =>
          log.filter((e) => e.kv.key.startsWith(watchers[i]!.prefix) && e.revision > fromRevisions[i]!);
        const caughtUp = (): boolean => recordings.every((r, i) => r.events.length >= expectedFor(i).length);

        for (let op = 0; op <= 650; op++) {
          revisionBefore.push(await store.currentRevision());
          for (const w of watchers.filter((w) => w.startAtOp === op)) {
            fromRevisions.push(revisionBefore[w.fromOp]!);
            recordings.push(record(store, w.prefix, revisionBefore[w.fromOp]!));
          }
          if (op === compactAtOp) {
            // Compacting under a watcher that is still replaying would (rightly) overflow it.
            await until('watchers to catch up before compaction', caughtUp);
            await store.compact(revisionBefore[350]!);
          }
          if (op === 650) break;
          const key = keys[Math.floor(random() * keys.length)]!;
          const prev = model.get(key);
          const dice = random();
          const value = `${key}@${op}`;
          const context = `seed ${seed}, op ${op} on ${key}`;
          if (dice < 0.35) {
            if (prev) {
              await rejection(store.create(key, value), KeyExistsError);
            } else {
              const kv = await store.create(key, value);
              expect(kv, context).to.deep.include({ key, value, createRevision: kv.modRevision });
              log.push({ type: 'create', revision: kv.modRevision, kv });
              model.set(key, kv);
            }
          } else if (dice < 0.85) {
            const stale = dice >= 0.7 && random() < 0.5;
            const expected = dice < 0.7 ? undefined : (prev?.modRevision ?? 1) - (stale ? 1 : 0);
            if (!prev) {
              await rejection(store.update(key, value, expected), KeyNotFoundError);
            } else if (stale) {
              await rejection(store.update(key, value, expected), RevisionConflictError);
            } else {
              const kv = await store.update(key, value, expected);
              expect(kv, context).to.deep.include({ key, value, createRevision: prev.createRevision });
              log.push({ type: 'update', revision: kv.modRevision, kv, prev });
              model.set(key, kv);
            }
          } else {
            const expected = random() < 0.5 ? prev?.modRevision : undefined;
            if (!prev) {
              await rejection(store.delete(key, expected), KeyNotFoundError);
            } else {
              const kv = await store.delete(key, expected);
              expect(kv, context).to.deep.equal({ ...prev, modRevision: kv.modRevision });
              log.push({ type: 'delete', revision: kv.modRevision, kv, prev });
              model.delete(key);
            }
          }
          if (log.length > 1)
            expect(log[log.length - 1]!.revision).to.be.greaterThan(log[log.length - 2]!.revision);
          // Let replays advance between some writes, so replay and live interleave.
          if (random() < 0.2) await turn();
        }

        expect(await store.currentRevision()).to.equal(log[log.length - 1]!.revision);
        expect(await store.compactedRevision()).to.equal(revisionBefore[350]);
        await until('watchers to catch up', caughtUp);
        await settle();
        watchers.forEach((w, i) => {
          expect(
            recordings[i]!.events,
            `watcher ${w.prefix} from op ${w.fromOp}, seed ${seed}`,
          ).to.deep.equal(expectedFor(i));
          expect(recordings[i]!.closes).to.deep.equal([]);
        });
        const listed = await store.list('/rand/');
        expect(listed.items).to.deep.equal([...model.values()].sort((a, b) => (a.key < b.key ? -1 : 1)));
      });
    });
  });
}
