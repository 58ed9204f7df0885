import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { openStore } from './open-store.js';
import { openSqliteStore, prefixUpperBound, type SqliteStoreOptions } from './sqlite-store.js';
import { CompactedError, type Store, type StoreEvent } from './store.js';
import { describeStoreContract } from './store-contract.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const crashChild = fileURLToPath(new URL('./sqlite-store.crash-child.ts', import.meta.url));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kcp-sqlite-store-'));
}

function contractFactory(options: SqliteStoreOptions) {
  return async () => {
    const dir = tempDir();
    const store = await openSqliteStore(join(dir, 'store.db'), options);
    return {
      store,
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

describeStoreContract('sqlite', contractFactory({}));
// Tiny replay pages put many replay/live handoffs into every watch test.
describeStoreContract('sqlite, 3-event replay pages', contractFactory({ replayPageSize: 3 }));

function replay(store: Store, prefix: string, from: number, count: number): Promise<StoreEvent[]> {
  return new Promise((resolve, reject) => {
    const events: StoreEvent[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${count} events`)), 5000);
    const watcher = store.watch(prefix, from, {
      onEvent(event) {
        events.push(event);
        if (events.length === count) {
          clearTimeout(timer);
          watcher.cancel();
          resolve(events);
        }
      },
    });
  });
}

describe('sqlite store', () => {
  let dir: string;
  let path: string;
  const open: Store[] = [];
  const reopen = async (options: SqliteStoreOptions = {}): Promise<Store> => {
    const store = await openSqliteStore(path, options);
    open.push(store);
    return store;
  };

  beforeEach(() => {
    dir = tempDir();
    path = join(dir, 'store.db');
  });

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('computes prefix upper bounds by code point', () => {
    expect(prefixUpperBound('')).to.equal(undefined);
    expect(prefixUpperBound('/a/')).to.equal('/a0');
    expect(prefixUpperBound('/a\uffff')).to.equal('/a\u{10000}');
    expect(prefixUpperBound('/a\u{10ffff}')).to.equal('/b');
    expect(prefixUpperBound('\u{10ffff}')).to.equal(undefined);
    expect(prefixUpperBound('/\ud7ff')).to.equal('/\ue000');
  });

  it('keeps data, history and revisions across a reopen', async () => {
    let store = await reopen();
    await store.create('/a', '1');
    const a2 = await store.update('/a', '2');
    await store.create('/b', '1');
    await store.close();

    store = await reopen();
    expect(await store.currentRevision()).to.equal(3);
    expect(await store.get('/a')).to.deep.equal(a2);
    expect((await store.list('/')).items.map((kv) => kv.key)).to.deep.equal(['/a', '/b']);
    const history = await replay(store, '/', 0, 3);
    expect(history.map((e) => `${e.type} ${e.kv.key} ${e.revision}`)).to.deep.equal([
      'create /a 1',
      'update /a 2',
      'create /b 3',
    ]);
    expect(history[1]!.prev?.value).to.equal('1');
    expect((await store.create('/c', '1')).modRevision).to.equal(4);
  });

  it('never reuses a revision after the newest key was deleted, compacted, or its log row lost', async () => {
    let store = await reopen();
    await store.create('/a', '1');
    await store.create('/b', '1');
    await store.delete('/b'); // 3: the newest revision no longer exists in kv
    await store.close();

    store = await reopen();
    expect(await store.currentRevision()).to.equal(3);
    expect((await store.create('/c', '1')).modRevision).to.equal(4);
    await store.delete('/c'); // 5
    await store.compact(5);
    await store.close();

    store = await reopen();
    expect(await store.currentRevision()).to.equal(5);
    expect(await store.compactedRevision()).to.equal(5);
    expect(() => store.watch('/', 4, { onEvent() {} })).to.throw(CompactedError);
    await store.close();

    // Even with every log row gone, AUTOINCREMENT's sequence keeps the revision counter.
    const raw = new Database(path);
    raw.exec('DELETE FROM log');
    raw.close();
    store = await reopen();
    expect(await store.currentRevision()).to.equal(5);
    expect((await store.create('/d', '1')).modRevision).to.equal(6);
  });

  it('compaction shrinks the log to one row per live key plus the newest', async () => {
    const store = await reopen();
    for (let i = 0; i < 50; i++) await store.create(`/k/${i}`, 'v0');
    for (let round = 1; round <= 4; round++) {
      for (let i = 0; i < 50; i++) await store.update(`/k/${i}`, `v${round}`);
    }
    for (let i = 0; i < 20; i++) await store.delete(`/k/${i}`);
    const head = await store.currentRevision();
    const logRows = (): number => {
      const raw = new Database(path, { readonly: true });
      try {
        return raw.prepare<[], number>('SELECT count(*) FROM log').pluck().get()!;
      } finally {
        raw.close();
      }
    };
    expect(logRows()).to.equal(head);
    await store.compact(head);
    expect(logRows()).to.equal(30 + 1);
    // The kept rows are what the next updates need for their prev values.
    const before = await store.get('/k/25');
    await store.update('/k/25', 'v5');
    const [event] = await replay(store, '/k/', head, 1);
    expect(event!.prev).to.deep.equal(before);
    expect(before!.value).to.equal('v4');
  });

  it('opens with synchronous=FULL and rejects unknown modes', async () => {
    const store = await reopen({ synchronous: 'FULL' });
    expect((await store.create('/a', '1')).modRevision).to.equal(1);
    let thrown: unknown;
    try {
      await openSqliteStore(path, { synchronous: 'OFF' as 'FULL' });
    } catch (err) {
      thrown = err;
    }
    expect(String(thrown)).to.match(/invalid synchronous mode/);
  });

  it('is what openStore opens for kind sqlite, in <directory>/store.db', async () => {
    const store = await openStore({ kind: 'sqlite', directory: join(dir, 'nested') });
    await store.create('/a', '1');
    await store.close();
    const again = await openSqliteStore(join(dir, 'nested', 'store.db'));
    open.push(again);
    expect((await again.get('/a'))?.value).to.equal('1');
  });

  it('keeps every acknowledged write after the writing process is killed with SIGKILL', async function () {
    this.timeout(60_000);
    const child = spawn(process.execPath, ['--import', 'tsx', crashChild, path], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Map<string, number>();
    let partial = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      // Only complete lines are acknowledgements; a torn last line is not.
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const [key, revision] = line.split(' ');
        acked.set(key!, Number(revision));
      }
      if (acked.size >= 300 && child.signalCode === null) child.kill('SIGKILL');
    });
    const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (code, sig) => resolve([code, sig])),
    );
    expect(signal, `child stderr: ${stderr}`).to.equal('SIGKILL');
    expect(acked.size).to.be.at.least(300);

    const raw = new Database(path);
    expect(raw.pragma('integrity_check', { simple: true })).to.equal('ok');
    raw.close();

    const store = await reopen();
    let highest = 0;
    for (const [key, revision] of acked) {
      const i = key.slice('/crash/'.length);
      const kv = await store.get(key);
      expect(kv, key).to.deep.include({ value: `${i}:${'x'.repeat(200)}`, modRevision: revision });
      highest = Math.max(highest, revision);
    }
    expect(await store.currentRevision()).to.be.at.least(highest);
    expect((await store.create('/after-crash', 'v')).modRevision).to.be.greaterThan(highest);
  });
});
