// Embedded durable Store on SQLite (better-sqlite3), in the spirit of kine but simpler:
//
//   log  — every write, one row each; its AUTOINCREMENT rowid IS the store revision. Serves
//          watch replay. AUTOINCREMENT (not plain rowid) so a revision is never handed out twice,
//          even after the newest row's key was deleted or old rows were compacted away.
//   kv   — the current state, keyed by key (WITHOUT ROWID: the table is its own key index), so
//          get/list/count are key-range scans and never touch history.
//   meta — the compacted revision.
//
// Each write is one IMMEDIATE transaction (check, insert log row, upsert/delete kv); events are
// published to watchers only after it commits. This process is assumed to be the only writer
// of the file: the head revision is cached in memory and watch is an in-process fan-out.
//
// Durability: WAL with synchronous=NORMAL survives the process being killed (kill -9, OOM): a
// committed transaction is already in the WAL in the OS page cache. Surviving an OS crash or
// power loss needs synchronous=FULL (an fsync per commit), at a large throughput cost.

import Database from 'better-sqlite3';
import { createEventFanout, type HistoryPage } from './event-fanout.js';
import { compareKeys, prefixUpperBound } from './key-order.js';
import { checkSnapshotRevision, laterChanges, mergeSnapshot } from './snapshot.js';
import {
  CompactedError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  type KeyValue,
  type ListResult,
  type Store,
  type StoreEvent,
} from './store.js';

// Kept importable from here: callers and tests predate key-order.ts.
export { prefixUpperBound } from './key-order.js';

export type SqliteSynchronous = 'NORMAL' | 'FULL';

export interface SqliteStoreOptions {
  /** 'NORMAL' (default) survives process crashes; 'FULL' also survives OS crashes. */
  synchronous?: SqliteSynchronous;
  /** How long to wait for a lock held by another connection (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Events per watch-replay page (default 500). */
  replayPageSize?: number;
}

// log.type values.
const CREATE = 0;
const UPDATE = 1;
const DELETE = 2;

// One replay page examines at most this many revisions (see readHistory).
const historyScanWindow = 10_000;

const schema = `
  CREATE TABLE IF NOT EXISTS log (
    revision INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    type INTEGER NOT NULL,
    -- create/update: the new value; delete: the last value before deletion.
    value TEXT,
    -- NULL on create rows, whose create revision is their own revision.
    create_revision INTEGER,
    -- update/delete: the key's mod revision before this write.
    prev_revision INTEGER
  );
  CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    create_revision INTEGER NOT NULL,
    mod_revision INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

const kvColumns = 'key, value, create_revision AS createRevision, mod_revision AS modRevision';

// An update event carries the previous value, which lives in the log row at prev_revision (the
// log does not duplicate it: that would double the bytes written per update). Compaction keeps
// every row that is, or may become, such a previous value (see compactLog).
const historyColumns = `
  l.revision, l.key, l.type, l.value,
  l.create_revision AS createRevision, l.prev_revision AS prevRevision, p.value AS prevValue
  FROM log AS l LEFT JOIN log AS p ON l.type = ${UPDATE} AND p.revision = l.prev_revision`;

interface LogRow {
  revision: number;
  key: string;
  type: number;
  value: string;
  createRevision: number | null;
  prevRevision: number | null;
  prevValue: string | null;
}

function eventFromRow(row: LogRow): StoreEvent {
  const { revision, key } = row;
  const createRevision = row.createRevision ?? revision;
  const kv: KeyValue = { key, value: row.value, createRevision, modRevision: revision };
  switch (row.type) {
    case CREATE:
      return { type: 'create', revision, kv };
    case UPDATE:
      if (row.prevValue === null || row.prevRevision === null) {
        throw new Error(`log row ${revision} (update of ${key}) lost its previous value`);
      }
      return {
        type: 'update',
        revision,
        kv,
        prev: { key, value: row.prevValue, createRevision, modRevision: row.prevRevision },
      };
    case DELETE:
      return {
        type: 'delete',
        revision,
        kv,
        prev: { key, value: row.value, createRevision, modRevision: row.prevRevision ?? revision },
      };
    default:
      throw new Error(`log row ${revision} has unknown type ${row.type}`);
  }
}

export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const synchronous = options.synchronous ?? 'NORMAL';
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new Error(`invalid synchronous mode: ${String(synchronous)}`);
  }
  const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    // SQLite silently keeps its old journal mode where WAL is unsupported (some network file
    // systems); the durability notes above would then be wrong, so refuse to run.
    const journalMode = db.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal' && path !== ':memory:') {
      throw new Error(`cannot use WAL journal mode for ${path} (got ${String(journalMode)})`);
    }
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(schema);
    return createSqliteStore(db, options);
  } catch (err) {
    db.close();
    throw err;
  }
}

function createSqliteStore(db: Database.Database, options: SqliteStoreOptions): Store {
  const stmt = {
    getKv: db.prepare<[string], KeyValue>(`SELECT ${kvColumns} FROM kv WHERE key = ?`),
    // The lower bound is max(prefix, startKey), computed by SQLite so it uses SQLite's order; as
    // a single constant it stays a seek (two `key >=` terms would seek on one, filter on the
    // other, and make deep pages rescan from the prefix start).
    listRange: db.prepare<[string, string, string, number], KeyValue>(
      `SELECT ${kvColumns} FROM kv WHERE key >= max(?, ?) AND key < ? ORDER BY key LIMIT ?`,
    ),
    listFrom: db.prepare<[string, string, number], KeyValue>(
      `SELECT ${kvColumns} FROM kv WHERE key >= max(?, ?) ORDER BY key LIMIT ?`,
    ),
    countRange: db.prepare<[string, string], number>('SELECT count(*) FROM kv WHERE key >= ? AND key < ?'),
    countFrom: db.prepare<[string], number>('SELECT count(*) FROM kv WHERE key >= ?'),
    // Every write after a snapshot revision within a key range: what undoes them for a past read.
    laterRange: db.prepare<[number, string, string, string], LogRow>(
      `SELECT ${historyColumns}
       WHERE l.revision > ? AND l.key >= max(?, ?) AND l.key < ? ORDER BY l.revision`,
    ),
    laterFrom: db.prepare<[number, string, string], LogRow>(
      `SELECT ${historyColumns} WHERE l.revision > ? AND l.key >= max(?, ?) ORDER BY l.revision`,
    ),
    insertLog: db.prepare<[string, number, string, number | null, number | null]>(
      'INSERT INTO log (key, type, value, create_revision, prev_revision) VALUES (?, ?, ?, ?, ?)',
    ),
    insertKv: db.prepare<[string, string, number, number]>(
      'INSERT INTO kv (key, value, create_revision, mod_revision) VALUES (?, ?, ?, ?)',
    ),
    updateKv: db.prepare<[string, number, string]>('UPDATE kv SET value = ?, mod_revision = ? WHERE key = ?'),
    deleteKv: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
    historyRange: db.prepare<[number, number, string, string, number], LogRow>(
      `SELECT ${historyColumns}
       WHERE l.revision > ? AND l.revision <= ? AND l.key >= ? AND l.key < ? ORDER BY l.revision LIMIT ?`,
    ),
    historyFrom: db.prepare<[number, number, string, number], LogRow>(
      `SELECT ${historyColumns}
       WHERE l.revision > ? AND l.revision <= ? AND l.key >= ? ORDER BY l.revision LIMIT ?`,
    ),
    // Keeps, besides rows after `upTo`:
    //  - the newest row (belt and braces next to AUTOINCREMENT: MAX(revision) stays the head);
    //  - each key's current row, because the key's next update will need it as its prev value;
    //  - rows a retained update already points at as its prev value.
    // Like etcd, the log thus keeps one version of every live key: at rest it holds about one
    // extra copy of the current data, traded for not writing the old value with every update.
    compactLog: db.prepare<{ upTo: number }>(
      `DELETE FROM log WHERE revision <= :upTo
         AND revision < (SELECT MAX(revision) FROM log)
         AND revision NOT IN (SELECT mod_revision FROM kv)
         AND revision NOT IN (
           SELECT prev_revision FROM log
           WHERE revision > :upTo AND type = ${UPDATE} AND prev_revision IS NOT NULL)`,
    ),
    readMeta: db.prepare<[string], number>('SELECT value FROM meta WHERE name = ?').pluck(),
    writeMeta: db.prepare<[string, number]>(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
    sequence: db.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'log'").pluck(),
  };
  stmt.countRange.pluck();
  stmt.countFrom.pluck();

  let revision = stmt.sequence.get() ?? 0;
  let compacted = stmt.readMeta.get('compacted') ?? 0;
  let closed = false;

  const fanout = createEventFanout({ currentRevision: () => revision, readHistory }, options);

  function readHistory(prefix: string, after: number, limit: number): HistoryPage | 'compacted' {
    if (after < compacted) return 'compacted';
    // Bounding the revision range keeps one page from scanning the whole log for a narrow prefix.
    const windowEnd = Math.min(revision, after + historyScanWindow);
    const upper = prefixUpperBound(prefix);
    const rows =
      upper === undefined
        ? stmt.historyFrom.all(after, windowEnd, prefix, limit)
        : stmt.historyRange.all(after, windowEnd, prefix, upper, limit);
    const events = rows.map(eventFromRow);
    const through = rows.length === limit ? rows[rows.length - 1]!.revision : windowEnd;
    return { events, through };
  }

  /** Current keys under `prefix` from max(prefix, startKey), at most `sqlLimit` (-1: all). */
  function readCurrent(prefix: string, startKey: string, sqlLimit: number): KeyValue[] {
    const upper = prefixUpperBound(prefix);
    return upper === undefined
      ? stmt.listFrom.all(prefix, startKey, sqlLimit)
      : stmt.listRange.all(prefix, startKey, upper, sqlLimit);
  }

  /** Number of current keys under `prefix` from max(prefix, startKey). */
  function countCurrent(prefix: string, startKey: string): number {
    const from = compareKeys(startKey, prefix) > 0 ? startKey : prefix;
    const upper = prefixUpperBound(prefix);
    return upper === undefined ? stmt.countFrom.get(from)! : stmt.countRange.get(from, upper)!;
  }

  // The rows are read in one synchronous call each, and writes are synchronous transactions in
  // this same thread, so nothing commits between reading the changes and the current keys.
  function listAt(
    prefix: string,
    startKey: string,
    snapshot: number,
    limit: number,
    countRemaining: boolean | undefined,
  ): ListResult {
    checkSnapshotRevision(snapshot, compacted, revision);
    const upper = prefixUpperBound(prefix);
    const rows =
      upper === undefined
        ? stmt.laterFrom.all(snapshot, prefix, startKey)
        : stmt.laterRange.all(snapshot, prefix, startKey, upper);
    const changes = laterChanges(rows.map(eventFromRow), compareKeys);
    const wanted = limit ? limit + 1 + changes.length : -1;
    const current = readCurrent(prefix, startKey, wanted);
    return mergeSnapshot({
      revision: snapshot,
      limit,
      current,
      currentTruncated: wanted !== -1 && current.length === wanted,
      changes,
      compare: compareKeys,
      ...(countRemaining ? { currentCount: countCurrent(prefix, startKey) } : {}),
    });
  }

  function current(key: string, expectedModRevision: number | undefined): KeyValue {
    const kv = stmt.getKv.get(key);
    if (!kv) throw new KeyNotFoundError(key);
    if (expectedModRevision !== undefined && expectedModRevision !== kv.modRevision) {
      throw new RevisionConflictError(key, expectedModRevision, kv.modRevision);
    }
    return kv;
  }

  const insertLog = (...args: Parameters<typeof stmt.insertLog.run>): number =>
    Number(stmt.insertLog.run(...args).lastInsertRowid);

  const createTx = db.transaction((key: string, value: string): KeyValue => {
    if (stmt.getKv.get(key)) throw new KeyExistsError(key);
    const rev = insertLog(key, CREATE, value, null, null);
    stmt.insertKv.run(key, value, rev, rev);
    return { key, value, createRevision: rev, modRevision: rev };
  });

  const updateTx = db.transaction((key: string, value: string, expected: number | undefined) => {
    const prev = current(key, expected);
    const rev = insertLog(key, UPDATE, value, prev.createRevision, prev.modRevision);
    stmt.updateKv.run(value, rev, key);
    const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: rev };
    return { kv, prev };
  });

  const deleteTx = db.transaction((key: string, expected: number | undefined) => {
    const prev = current(key, expected);
    const rev = insertLog(key, DELETE, prev.value, prev.createRevision, prev.modRevision);
    stmt.deleteKv.run(key);
    return { kv: { ...prev, modRevision: rev }, prev };
  });

  const compactTx = db.transaction((upTo: number) => {
    stmt.compactLog.run({ upTo });
    stmt.writeMeta.run('compacted', upTo);
  });

  function assertOpen(): void {
    if (closed) throw new Error('store is closed');
  }

  // Runs after COMMIT. The event is frozen because every watcher receives the same object.
  function publish(event: StoreEvent): KeyValue {
    revision = event.revision;
    Object.freeze(event.kv);
    if (event.prev) Object.freeze(event.prev);
    fanout.publish(Object.freeze(event));
    return event.kv;
  }

  return {
    async currentRevision() {
      return revision;
    },

    async compactedRevision() {
      return compacted;
    },

    async get(key) {
      assertOpen();
      return stmt.getKv.get(key);
    },

    async list(prefix, listOptions = {}) {
      assertOpen();
      const limit = listOptions.limit && listOptions.limit > 0 ? listOptions.limit : 0;
      const startKey = listOptions.startKey ?? prefix;
      const snapshot = listOptions.revision || revision;
      if (snapshot !== revision) return listAt(prefix, startKey, snapshot, limit, listOptions.countRemaining);
      // One extra row tells whether the limit cut the list, and gives nextKey.
      const items = readCurrent(prefix, startKey, limit ? limit + 1 : -1);
      if (limit && items.length > limit) {
        const nextKey = items.pop()!.key;
        const result: ListResult = { items, revision, nextKey };
        if (listOptions.countRemaining) result.remaining = countCurrent(prefix, nextKey);
        return result;
      }
      return listOptions.countRemaining ? { items, revision, remaining: 0 } : { items, revision };
    },

    async count(prefix) {
      assertOpen();
      const upper = prefixUpperBound(prefix);
      return upper === undefined ? stmt.countFrom.get(prefix)! : stmt.countRange.get(prefix, upper)!;
    },

    async create(key, value) {
      assertOpen();
      const kv = createTx.immediate(key, value);
      return publish({ type: 'create', revision: kv.modRevision, kv });
    },

    async update(key, value, expectedModRevision) {
      assertOpen();
      const { kv, prev } = updateTx.immediate(key, value, expectedModRevision);
      return publish({ type: 'update', revision: kv.modRevision, kv, prev });
    },

    async delete(key, expectedModRevision) {
      assertOpen();
      const { kv, prev } = deleteTx.immediate(key, expectedModRevision);
      return publish({ type: 'delete', revision: kv.modRevision, kv, prev });
    },

    watch(prefix, fromRevision, watchOptions) {
      if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
        throw new RangeError(`invalid watch revision: ${fromRevision}`);
      }
      if (fromRevision < compacted) throw new CompactedError(fromRevision, compacted);
      return fanout.watch(prefix, fromRevision, watchOptions);
    },

    async compact(target) {
      assertOpen();
      // A future revision cannot be compacted; clamping keeps a periodic compactor simple.
      const upTo = Math.min(target, revision);
      if (upTo <= compacted) return;
      compactTx.immediate(upTo);
      compacted = upTo;
    },

    async close() {
      if (closed) return;
      closed = true;
      fanout.closeAll();
      db.close();
    },
  };
}
