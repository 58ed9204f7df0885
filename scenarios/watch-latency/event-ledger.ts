// Matches watch events to the writes that caused them, per watcher, and counts what was lost
// and what came twice. A write is identified by workspace + object name + event type +
// resourceVersion: the write's answer carries the resourceVersion its watch event must carry.
// DELETED is the exception and is matched without it: Kubernetes answers a DELETE with the
// object as it was before deletion (or a Status), while the DELETED event carries the
// revision of the deletion (apiserver storage/etcd3 store.go conditionalDelete vs watcher.go);
// names are deleted once per run (write-plan.ts), so name + type is unique.
//
// Events may arrive before the writer has seen its own answer; receipts are therefore kept
// until the end and matched then, and such an event counts as latency 0 ("early").
import type { EventType } from './write-plan.js';

export interface EventKey {
  workspace: string;
  name: string;
  type: EventType;
  /** Ignored for DELETED. */
  resourceVersion?: string;
}

export function keyOf({ workspace, name, type, resourceVersion }: EventKey): string {
  return `${workspace}/${name}/${type}/${type === 'DELETED' ? '-' : (resourceVersion ?? '?')}`;
}

export interface WriteLatency {
  /** When the write was acknowledged. */
  ackAt: number;
  /** The slowest watcher's latency for this write (ms); undefined when no watcher received it. */
  maxLatencyMs?: number;
}

export interface LedgerTally {
  /** Writes acknowledged × watchers of their workspace. */
  expected: number;
  /** Every receipt of an event of ours, duplicates included. */
  received: number;
  /** Expected receipts that arrived (at least once). */
  matched: number;
  /** Expected receipts that never arrived: expected − matched. */
  lost: number;
  /** Receipts beyond the first of the same event by the same watcher. */
  duplicates: number;
  /** Receipts of events no acknowledged write explains (e.g. of a write whose answer was lost). */
  unexpected: number;
  /** Matched receipts that came before the write's answer (recorded as 0 ms). */
  early: number;
  /** One latency per matched receipt, receipt − acknowledgement (ms, ≥ 0). */
  latenciesMs: number[];
  /** Per acknowledged write, in acknowledgement order. */
  writes: WriteLatency[];
}

export interface EventLedger {
  /** A write was acknowledged at `ackAt`; every watcher of its workspace should see its event. */
  expect(key: EventKey, ackAt: number): void;
  /** Watcher `watcher` received the event `key` at `at`. */
  receive(watcher: number, key: EventKey, at: number): void;
  /** Expected receipts that have not arrived yet. */
  outstanding(): number;
  tally(): LedgerTally;
}

/** `watchersOf(workspace)`: the ids of the watchers watching that workspace. */
export function createEventLedger(watchersOf: (workspace: string) => readonly number[]): EventLedger {
  const expectations = new Map<string, { key: EventKey; ackAt: number }>();
  /** `${watcher}|${key}` → first receipt time and how many times it came. */
  const receipts = new Map<string, { at: number; count: number; key: string }>();
  let expectedTotal = 0;
  let satisfied = 0;
  const receiptId = (watcher: number, key: string): string => `${watcher}|${key}`;

  return {
    expect(key, ackAt) {
      const id = keyOf(key);
      if (expectations.has(id)) throw new Error(`write ${id} acknowledged twice`);
      expectations.set(id, { key, ackAt });
      for (const watcher of watchersOf(key.workspace)) {
        expectedTotal += 1;
        if (receipts.has(receiptId(watcher, id))) satisfied += 1;
      }
    },
    receive(watcher, key, at) {
      const id = keyOf(key);
      const receipt = receipts.get(receiptId(watcher, id));
      if (receipt) {
        receipt.count += 1;
        return;
      }
      receipts.set(receiptId(watcher, id), { at, count: 1, key: id });
      if (expectations.has(id) && watchersOf(key.workspace).includes(watcher)) satisfied += 1;
    },
    outstanding: () => expectedTotal - satisfied,
    tally() {
      const latenciesMs: number[] = [];
      const writes: WriteLatency[] = [];
      let matched = 0;
      let early = 0;
      for (const [id, { key, ackAt }] of expectations) {
        let maxLatencyMs: number | undefined;
        for (const watcher of watchersOf(key.workspace)) {
          const receipt = receipts.get(receiptId(watcher, id));
          if (!receipt) continue;
          matched += 1;
          if (receipt.at < ackAt) early += 1;
          const latency = Math.max(0, receipt.at - ackAt);
          latenciesMs.push(latency);
          maxLatencyMs = Math.max(maxLatencyMs ?? 0, latency);
        }
        writes.push(maxLatencyMs === undefined ? { ackAt } : { ackAt, maxLatencyMs });
      }
      writes.sort((a, b) => a.ackAt - b.ackAt);
      let received = 0;
      let duplicates = 0;
      let unexpected = 0;
      for (const receipt of receipts.values()) {
        received += receipt.count;
        duplicates += receipt.count - 1;
        if (!expectations.has(receipt.key)) unexpected += receipt.count;
      }
      return {
        expected: expectedTotal,
        received,
        matched,
        lost: expectedTotal - matched,
        duplicates,
        unexpected,
        early,
        latenciesMs,
        writes,
      };
    },
  };
}
