// In-process fan-out of committed events to watchers, shared by every Store implementation.
//
// A watcher starts in replay mode: it pages through the store's retained history (one page per
// event-loop turn, so a long replay never blocks the server) and only then joins the live index.
// The handoff is safe without buffering because everything is synchronous: a store appends an
// event to its history and publishes it in the same call stack, and the watcher switches to live
// in the same call stack in which it saw that history reach the current revision. Each watcher
// keeps `position` (the highest revision it has delivered or examined) and drops anything at or
// below it, so replay followed by live can neither skip nor repeat an event.
//
// Scale: live delivery does not look at every watcher. Watchers whose prefix is '' or ends with
// '/' (the normal case, since keys are '/'-separated paths) sit in a Map keyed by prefix, and an
// event looks up only the prefixes of its own key that end at a '/': cost O(segments in key +
// matching watchers). Other prefixes are tested once per distinct prefix. Going further would
// mean a trie for the odd prefixes and per-watcher queues (so one slow consumer cannot stall
// the writer), which would also give 'overflow' a second cause.

import type { StoreEvent, Watcher, WatchOptions } from './store.js';

export interface HistoryPage {
  /** Matching events with revision > the requested one, oldest first. */
  events: readonly StoreEvent[];
  /**
   * The revision up to which history was examined (matching or not); the next page starts after
   * it. Must not exceed the source's current revision.
   */
  through: number;
}

/** What the fan-out needs from a store: its head revision and a way to page its history. */
export interface HistorySource {
  currentRevision(): number;
  /** Returns 'compacted' when `afterRevision` is older than the retained history. */
  readHistory(prefix: string, afterRevision: number, limit: number): HistoryPage | 'compacted';
}

export interface EventFanout {
  /** Registers a watcher for events after `fromRevision` (the caller checks compaction first). */
  watch(prefix: string, fromRevision: number, options: WatchOptions): Watcher;
  /** Delivers a just-committed event to live watchers. Revisions must strictly increase. */
  publish(event: StoreEvent): void;
  /** Ends every watcher with onClose('closed'); later watch() calls are closed at once. */
  closeAll(): void;
  /** Number of registered (replaying or live) watchers. */
  size(): number;
}

export interface EventFanoutOptions {
  /** Events per replay page; small values exercise the replay/live handoff in tests. */
  replayPageSize?: number;
}

interface Subscription {
  readonly prefix: string;
  readonly options: WatchOptions;
  /** Highest revision delivered or examined; events at or below it are dropped. */
  position: number;
  live: boolean;
  ended: boolean;
}

type Index = Map<string, Set<Subscription>>;

const defaultReplayPageSize = 500;

export function createEventFanout(source: HistorySource, options: EventFanoutOptions = {}): EventFanout {
  const replayPageSize = options.replayPageSize ?? defaultReplayPageSize;
  // Live watchers only; replaying ones are reached through their own replay loop.
  const slashIndex: Index = new Map();
  const otherIndex: Index = new Map();
  const all = new Set<Subscription>();
  // A watcher's onEvent may write to the store, which publishes again before the current event
  // has reached every watcher. Queueing nested publishes keeps revision order for all watchers.
  const queue: StoreEvent[] = [];
  let publishing = false;
  let lastPublished = 0;
  let closed = false;

  const indexFor = (prefix: string): Index =>
    prefix === '' || prefix.endsWith('/') ? slashIndex : otherIndex;

  function goLive(sub: Subscription): void {
    sub.live = true;
    const index = indexFor(sub.prefix);
    let subs = index.get(sub.prefix);
    if (!subs) {
      subs = new Set();
      index.set(sub.prefix, subs);
    }
    subs.add(sub);
  }

  function end(sub: Subscription, reason?: 'closed' | 'overflow'): void {
    if (sub.ended) return;
    sub.ended = true;
    all.delete(sub);
    if (sub.live) {
      const index = indexFor(sub.prefix);
      const subs = index.get(sub.prefix);
      subs?.delete(sub);
      if (subs?.size === 0) index.delete(sub.prefix);
    }
    if (reason) sub.options.onClose?.(reason);
  }

  function deliver(sub: Subscription, event: StoreEvent): void {
    if (sub.ended || event.revision <= sub.position) return;
    // Advance first: onEvent may re-enter the store, and the watcher must already count as
    // having this event.
    sub.position = event.revision;
    try {
      sub.options.onEvent(event);
    } catch (err) {
      // The write is already committed and other watchers still need the event, so the error
      // cannot go to the writer; rethrow it on its own so a buggy watcher fails loudly.
      queueMicrotask(() => {
        throw err;
      });
    }
  }

  function deliverToAll(subs: Set<Subscription> | undefined, event: StoreEvent): void {
    if (!subs) return;
    for (const sub of subs) deliver(sub, event);
  }

  function dispatch(event: StoreEvent): void {
    const key = event.kv.key;
    deliverToAll(slashIndex.get(''), event);
    for (let i = key.indexOf('/'); i !== -1; i = key.indexOf('/', i + 1)) {
      deliverToAll(slashIndex.get(key.slice(0, i + 1)), event);
    }
    for (const [prefix, subs] of otherIndex) {
      if (key.startsWith(prefix)) deliverToAll(subs, event);
    }
  }

  function replayStep(sub: Subscription): void {
    if (sub.ended) return;
    const page = source.readHistory(sub.prefix, sub.position, replayPageSize);
    if (page === 'compacted') {
      // Compaction overtook a slow replay: the watcher can no longer be served without a gap.
      end(sub, 'overflow');
      return;
    }
    for (const event of page.events) deliver(sub, event);
    if (sub.ended) return;
    sub.position = Math.max(sub.position, page.through);
    // Caught up and nothing was committed while this page was delivered (an onEvent may have
    // written): every later commit will be published after this point, so live takes over.
    if (sub.position >= source.currentRevision()) goLive(sub);
    else setImmediate(replayStep, sub);
  }

  return {
    watch(prefix, fromRevision, watchOptions) {
      if (closed) {
        queueMicrotask(() => watchOptions.onClose?.('closed'));
        return { cancel() {} };
      }
      const sub: Subscription = {
        prefix,
        options: watchOptions,
        position: fromRevision,
        live: false,
        ended: false,
      };
      all.add(sub);
      // The common case (watch from the revision of a fresh list) needs no history; going live at
      // once means a write right after watch() returns is already delivered.
      if (fromRevision >= source.currentRevision()) goLive(sub);
      // Replay starts on a later turn so no event reaches onEvent before watch() has returned.
      else setImmediate(replayStep, sub);
      return { cancel: () => end(sub) };
    },

    publish(event) {
      if (event.revision <= lastPublished) {
        throw new Error(`event revision ${event.revision} published after ${lastPublished}`);
      }
      lastPublished = event.revision;
      queue.push(event);
      if (publishing) return;
      publishing = true;
      try {
        for (let i = 0; i < queue.length; i++) dispatch(queue[i]!);
      } finally {
        queue.length = 0;
        publishing = false;
      }
    },

    closeAll() {
      closed = true;
      for (const sub of [...all]) end(sub, 'closed');
    },

    size: () => all.size,
  };
}
