// Reading a key range as it was at a past revision, shared by the stores. Both keep the current
// state plus every event after the compacted revision, each update/delete event carrying the
// key's previous state. So the state at revision R is the current state with every key written
// after R replaced by what the first such write saw before it (nothing, for a create).

import {
  CompactedError,
  FutureRevisionError,
  type KeyValue,
  type ListResult,
  type StoreEvent,
} from './store.js';

/** What a key written after the snapshot revision looked like then, and whether it exists now. */
export interface LaterChange {
  key: string;
  /** The key's state at the snapshot revision (undefined: it did not exist). */
  then: KeyValue | undefined;
  existsNow: boolean;
}

/**
 * Folds the events after the snapshot revision (in revision order) into one change per key,
 * sorted by `compare`.
 */
export function laterChanges(
  events: Iterable<StoreEvent>,
  compare: (a: string, b: string) => number,
): LaterChange[] {
  const byKey = new Map<string, LaterChange>();
  for (const event of events) {
    const key = event.kv.key;
    const seen = byKey.get(key);
    if (seen) seen.existsNow = event.type !== 'delete';
    else
      byKey.set(key, {
        key,
        then: event.type === 'create' ? undefined : event.prev,
        existsNow: event.type !== 'delete',
      });
  }
  return [...byKey.values()].sort((a, b) => compare(a.key, b.key));
}

/** Validates a requested snapshot revision against the retained window. */
export function checkSnapshotRevision(requested: number, compacted: number, current: number): void {
  if (!Number.isSafeInteger(requested) || requested < 0)
    throw new RangeError(`invalid list revision: ${requested}`);
  if (requested < compacted) throw new CompactedError(requested, compacted);
  if (requested > current) throw new FutureRevisionError(requested, current);
}

export interface SnapshotInput {
  revision: number;
  limit: number;
  /** Keys in the listed range at the current revision, in order, from the start key. */
  current: readonly KeyValue[];
  /** True when `current` stops early (it was read with a bound), not at the range end. */
  currentTruncated: boolean;
  /** Changes within the same range (key >= start key, under the prefix), sorted by key. */
  changes: readonly LaterChange[];
  /** With countRemaining: the number of current keys in the range (not just those in `current`). */
  currentCount?: number;
  /** The store's key order. */
  compare(a: string, b: string): number;
}

/**
 * Merges the current keys with the later changes into the snapshot page. `current` must hold at
 * least limit + 1 + changes.length keys when truncated: each change hides at most one current key,
 * so the page (plus the one key that tells whether there is more) is decided before it runs out.
 */
export function mergeSnapshot(input: SnapshotInput): ListResult {
  const { revision, limit, current, changes, compare } = input;
  const items: KeyValue[] = [];
  let i = 0;
  let j = 0;
  let nextKey: string | undefined;
  while (i < current.length || j < changes.length) {
    const cur = current[i];
    const change = changes[j];
    // Past the end of a bounded read of current keys, ordering against the unread ones is unknown.
    if (!cur && input.currentTruncated) break;
    let kv: KeyValue | undefined;
    const order = change && cur ? compare(change.key, cur.key) : change ? -1 : 1;
    if (order <= 0) {
      // A changed key replaces its current state (order 0) or fills in a key deleted since.
      if (order === 0) i++;
      j++;
      kv = change!.then;
    } else {
      i++;
      kv = cur;
    }
    if (!kv) continue;
    if (limit && items.length === limit) {
      nextKey = kv.key;
      break;
    }
    items.push(kv);
  }
  const result: ListResult = nextKey === undefined ? { items, revision } : { items, revision, nextKey };
  if (input.currentCount !== undefined) {
    let total = input.currentCount;
    for (const change of changes) total += (change.then ? 1 : 0) - (change.existsNow ? 1 : 0);
    result.remaining = Math.max(0, total - items.length);
  }
  return result;
}
