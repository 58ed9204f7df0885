// Store held entirely in memory: the current keys in a Map plus the event history in an array
// (bounded only by compaction). Used by tests and benchmarks, and as the executable meaning of
// the Store contract that the SQLite store must match.

import { createEventFanout, type HistoryPage } from './event-fanout.js';
import { checkSnapshotRevision, laterChanges, mergeSnapshot } from './snapshot.js';
import { compareKeys, prefixUpperBound } from './key-order.js';
import {
  CompactedError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  type KeyValue,
  type ListResult,
  type Store,
  type StoreEvent,
  type StoreEventType,
} from './store.js';

export interface MemoryStoreOptions {
  /** Events per watch-replay page (default 500). */
  replayPageSize?: number;
}

// One replay page examines at most this many revisions, so a narrow prefix over a long history
// does not turn one page into a scan of everything.
const historyScanWindow = 10_000;

/** Index of the first element of `sorted` that is >= `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(sorted[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const current = new Map<string, KeyValue>();
  // Kept sorted by binary insertion: list and count become range scans instead of a sort per
  // call. Insert/delete is an O(n) memmove, fine up to ~10^5 keys; a B-tree would go further.
  const sortedKeys: string[] = [];
  // Every revision is exactly one event, so history is ordered by revision.
  const history: StoreEvent[] = [];
  let revision = 0;
  let compacted = 0;
  let closed = false;

  const fanout = createEventFanout({ currentRevision: () => revision, readHistory }, options);

  /** Index of the first history event with revision > `after`. */
  function historyIndexAfter(after: number): number {
    let lo = 0;
    let hi = history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (history[mid]!.revision <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function readHistory(prefix: string, after: number, limit: number): HistoryPage | 'compacted' {
    if (after < compacted) return 'compacted';
    const windowEnd = Math.min(revision, after + historyScanWindow);
    const events: StoreEvent[] = [];
    for (let i = historyIndexAfter(after); i < history.length; i++) {
      const event = history[i]!;
      if (event.revision > windowEnd) break;
      if (!event.kv.key.startsWith(prefix)) continue;
      events.push(event);
      if (events.length === limit) return { events, through: event.revision };
    }
    return { events, through: windowEnd };
  }

  /** Index in sortedKeys just past the keys starting with `prefix`. */
  function rangeEnd(prefix: string): number {
    const upper = prefixUpperBound(prefix);
    return upper === undefined ? sortedKeys.length : lowerBound(sortedKeys, upper);
  }

  function listAt(
    prefix: string,
    from: string,
    snapshot: number,
    limit: number,
    countRemaining: boolean | undefined,
  ): ListResult {
    checkSnapshotRevision(snapshot, compacted, revision);
    const inRange = (key: string) => key.startsWith(prefix) && compareKeys(key, from) >= 0;
    const later: StoreEvent[] = [];
    for (let i = historyIndexAfter(snapshot); i < history.length; i++) {
      if (inRange(history[i]!.kv.key)) later.push(history[i]!);
    }
    const changes = laterChanges(later, compareKeys);
    const first = lowerBound(sortedKeys, from);
    const end = rangeEnd(prefix);
    const wanted = limit ? limit + 1 + changes.length : Infinity;
    const stop = Math.min(end, first + wanted);
    const currentKvs: KeyValue[] = [];
    for (let i = first; i < stop; i++) currentKvs.push(current.get(sortedKeys[i]!)!);
    return mergeSnapshot({
      revision: snapshot,
      limit,
      current: currentKvs,
      currentTruncated: stop < end,
      changes,
      compare: compareKeys,
      ...(countRemaining ? { currentCount: Math.max(0, end - first) } : {}),
    });
  }

  function assertOpen(): void {
    if (closed) throw new Error('store is closed');
  }

  // Stored values and events are frozen because the same objects are returned by get/list and
  // handed to every watcher; a caller mutating one would silently rewrite history.
  function commit(type: StoreEventType, kv: KeyValue, prev?: KeyValue): void {
    const event: StoreEvent = Object.freeze(
      prev ? { type, revision: kv.modRevision, kv, prev } : { type, revision: kv.modRevision, kv },
    );
    history.push(event);
    fanout.publish(event);
  }

  function existing(key: string, expectedModRevision: number | undefined): KeyValue {
    const kv = current.get(key);
    if (!kv) throw new KeyNotFoundError(key);
    if (expectedModRevision !== undefined && expectedModRevision !== kv.modRevision) {
      throw new RevisionConflictError(key, expectedModRevision, kv.modRevision);
    }
    return kv;
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
      return current.get(key);
    },

    async list(prefix, listOptions = {}): Promise<ListResult> {
      assertOpen();
      const { limit, startKey, countRemaining } = listOptions;
      const from = startKey !== undefined && compareKeys(startKey, prefix) > 0 ? startKey : prefix;
      const snapshot = listOptions.revision || revision;
      if (snapshot !== revision) return listAt(prefix, from, snapshot, limit ?? 0, countRemaining);
      const items: KeyValue[] = [];
      const first = lowerBound(sortedKeys, from);
      for (let i = first; i < sortedKeys.length; i++) {
        const key = sortedKeys[i]!;
        if (!key.startsWith(prefix)) break;
        if (limit && items.length === limit) {
          const result: ListResult = { items, revision, nextKey: key };
          if (countRemaining) result.remaining = rangeEnd(prefix) - i;
          return result;
        }
        items.push(current.get(key)!);
      }
      return countRemaining ? { items, revision, remaining: 0 } : { items, revision };
    },

    async count(prefix) {
      assertOpen();
      let n = 0;
      for (let i = lowerBound(sortedKeys, prefix); i < sortedKeys.length; i++) {
        if (!sortedKeys[i]!.startsWith(prefix)) break;
        n++;
      }
      return n;
    },

    async create(key, value) {
      assertOpen();
      if (current.has(key)) throw new KeyExistsError(key);
      revision++;
      const kv = Object.freeze({ key, value, createRevision: revision, modRevision: revision });
      current.set(key, kv);
      sortedKeys.splice(lowerBound(sortedKeys, key), 0, key);
      commit('create', kv);
      return kv;
    },

    async update(key, value, expectedModRevision) {
      assertOpen();
      const prev = existing(key, expectedModRevision);
      revision++;
      const kv = Object.freeze({ key, value, createRevision: prev.createRevision, modRevision: revision });
      current.set(key, kv);
      commit('update', kv, prev);
      return kv;
    },

    async delete(key, expectedModRevision) {
      assertOpen();
      const prev = existing(key, expectedModRevision);
      revision++;
      const kv = Object.freeze({ ...prev, modRevision: revision });
      current.delete(key);
      sortedKeys.splice(lowerBound(sortedKeys, key), 1);
      commit('delete', kv, prev);
      return kv;
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
      history.splice(0, historyIndexAfter(upTo));
      compacted = upTo;
    },

    async close() {
      if (closed) return;
      closed = true;
      fanout.closeAll();
    },
  };
}
