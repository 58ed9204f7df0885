// The Store is the only durable state of the reference server. It is shaped like etcd as
// Kubernetes uses it: one global, monotonically increasing revision per store; every write
// gets a new revision; objects remember the revision that created and last modified them.
// Everything above this file (registry, watch, controllers) speaks only this interface, so
// SQLite (embedded default), memory (tests, benchmarks) and etcd (later) are interchangeable.
//
// Keys are opaque strings built by storage/keys.ts. Prefix queries use plain string order,
// so a key layout that puts the logical cluster early gives per-cluster and wildcard ranges.

/** A stored value with its revisions. `value` is the serialized object (JSON text). */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that created this key (stays the same across updates). */
  createRevision: number;
  /** Revision of the last write to this key; this is the object's resourceVersion. */
  modRevision: number;
}

export type StoreEventType = 'create' | 'update' | 'delete';

/**
 * One committed write. For `delete`, `kv` is the last state of the key with `modRevision` set
 * to the deletion's revision (as a Kubernetes DELETED event carries the object at the
 * revision of its deletion). `prev` is the state before the write, when there was one;
 * watchers with selectors need it to turn updates into ADDED/DELETED transitions.
 */
export interface StoreEvent {
  type: StoreEventType;
  revision: number;
  kv: KeyValue;
  prev?: KeyValue;
}

export interface ListOptions {
  /** Return at most this many keys (0 or undefined: no limit). */
  limit?: number;
  /** Start at this key (inclusive), for paging. Must be within the prefix. */
  startKey?: string;
  /**
   * Read the keys as they were right after this revision was committed (a consistent snapshot,
   * as etcd's range at a revision). Undefined or 0: the current revision. Throws CompactedError
   * below compactedRevision() and FutureRevisionError above currentRevision().
   */
  revision?: number;
  /** Also count the keys after the returned ones (ListResult.remaining); costs a range count. */
  countRemaining?: boolean;
}

export interface ListResult {
  items: KeyValue[];
  /** The store revision the list reflects (the list's resourceVersion). */
  revision: number;
  /** When `limit` cut the list: the first key not returned. */
  nextKey?: string;
  /** With countRemaining: how many keys under the prefix follow the returned ones. */
  remaining?: number;
}

export interface Watcher {
  /** Stop delivering events. Idempotent. */
  cancel(): void;
}

export interface WatchOptions {
  /**
   * Called once per event with revision > `fromRevision` whose key starts with the prefix, in
   * revision order, never twice. Called synchronously after commit for new writes.
   */
  onEvent(event: StoreEvent): void;
  /**
   * Called at most once if the store can no longer serve this watcher (store closed, or the
   * watcher fell too far behind). No events follow it.
   */
  onClose?(reason: 'closed' | 'overflow'): void;
}

export interface Store {
  /** Current revision: the revision of the last committed write (0 for an empty store). */
  currentRevision(): Promise<number>;
  /** The oldest revision a watch may start from; older ones get CompactedError. */
  compactedRevision(): Promise<number>;

  get(key: string): Promise<KeyValue | undefined>;
  /** Keys starting with `prefix`, in key order, at the current or a retained past revision. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Number of keys starting with `prefix`. */
  count(prefix: string): Promise<number>;

  /** Fails with KeyExistsError if the key exists. */
  create(key: string, value: string): Promise<KeyValue>;
  /**
   * Replaces the value. Fails with KeyNotFoundError if the key does not exist, and with
   * RevisionConflictError if `expectedModRevision` is given and differs from the current one.
   */
  update(key: string, value: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * Deletes the key and returns its last state, with modRevision = the deletion's revision.
   * Same error rules as update.
   */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;

  /**
   * Delivers every event after `fromRevision` (exclusive) for keys under `prefix`: first the
   * retained history, then live events. Throws CompactedError when `fromRevision` is older than
   * compactedRevision(). A `fromRevision` ahead of the current revision waits for it.
   */
  watch(prefix: string, fromRevision: number, options: WatchOptions): Watcher;

  /**
   * Drop history older than `revision` (bounded history keeps the store small). Watches from and
   * lists at `revision` or later keep working; older ones get CompactedError.
   */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}

export class KeyExistsError extends Error {
  constructor(readonly key: string) {
    super(`key already exists: ${key}`);
    this.name = 'KeyExistsError';
  }
}

export class KeyNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
    this.name = 'KeyNotFoundError';
  }
}

export class RevisionConflictError extends Error {
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`revision conflict on ${key}: expected ${expected}, found ${actual}`);
    this.name = 'RevisionConflictError';
  }
}

export class CompactedError extends Error {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super(`revision ${requested} has been compacted (oldest available: ${compacted})`);
    this.name = 'CompactedError';
  }
}

export class FutureRevisionError extends Error {
  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super(`revision ${requested} is ahead of the current revision ${current}`);
    this.name = 'FutureRevisionError';
  }
}
