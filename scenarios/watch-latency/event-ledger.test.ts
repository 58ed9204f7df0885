import { expect } from 'chai';
import { createEventLedger, keyOf } from './event-ledger.js';

// Two workspaces: a watched by watchers 0 and 2, b by watcher 1.
const watchersOf = (workspace: string): number[] =>
  workspace === 'a' ? [0, 2] : workspace === 'b' ? [1] : [];
const added = (workspace: string, name: string, resourceVersion: string) =>
  ({ workspace, name, type: 'ADDED', resourceVersion }) as const;

describe('watch-latency event ledger', () => {
  it('matches each receipt to its write and measures receipt − acknowledgement', () => {
    const ledger = createEventLedger(watchersOf);
    ledger.expect(added('a', 'x', '10'), 100);
    ledger.expect(added('b', 'y', '11'), 200);
    ledger.receive(0, added('a', 'x', '10'), 103);
    ledger.receive(2, added('a', 'x', '10'), 107);
    ledger.receive(1, added('b', 'y', '11'), 205);
    const tally = ledger.tally();
    expect(tally).to.include({
      expected: 3,
      received: 3,
      matched: 3,
      lost: 0,
      duplicates: 0,
      unexpected: 0,
      early: 0,
    });
    expect([...tally.latenciesMs].sort((p, q) => p - q)).to.deep.equal([3, 5, 7]);
    expect(tally.writes).to.deep.equal([
      { ackAt: 100, maxLatencyMs: 7 },
      { ackAt: 200, maxLatencyMs: 5 },
    ]);
  });

  it('counts receipts a watcher never got as lost, per watcher', () => {
    const ledger = createEventLedger(watchersOf);
    ledger.expect(added('a', 'x', '10'), 100);
    ledger.receive(0, added('a', 'x', '10'), 101);
    expect(ledger.outstanding()).to.equal(1);
    const tally = ledger.tally();
    expect(tally).to.include({ expected: 2, matched: 1, lost: 1 });
    expect(tally.writes).to.deep.equal([{ ackAt: 100, maxLatencyMs: 1 }]);
  });

  it('counts the same event twice at one watcher as a duplicate, not as two matches', () => {
    const ledger = createEventLedger(watchersOf);
    ledger.expect(added('b', 'y', '11'), 200);
    ledger.receive(1, added('b', 'y', '11'), 201);
    ledger.receive(1, added('b', 'y', '11'), 230);
    expect(ledger.tally()).to.include({ expected: 1, received: 2, matched: 1, lost: 0, duplicates: 1 });
    expect(ledger.tally().latenciesMs).to.deep.equal([1]);
  });

  it('tells events apart by resourceVersion, so an event with another one does not match', () => {
    const ledger = createEventLedger(watchersOf);
    ledger.expect({ workspace: 'b', name: 'y', type: 'MODIFIED', resourceVersion: '12' }, 300);
    ledger.receive(1, { workspace: 'b', name: 'y', type: 'MODIFIED', resourceVersion: '13' }, 301);
    expect(ledger.tally()).to.include({ matched: 0, lost: 1, unexpected: 1 });
  });

  it('matches DELETED by workspace and name whatever the resourceVersions say', () => {
    const ledger = createEventLedger(watchersOf);
    ledger.expect({ workspace: 'b', name: 'y', type: 'DELETED' }, 400);
    ledger.receive(1, { workspace: 'b', name: 'y', type: 'DELETED', resourceVersion: '20' }, 404);
    expect(ledger.tally()).to.include({ matched: 1, lost: 0 });
    expect(keyOf({ workspace: 'b', name: 'y', type: 'DELETED', resourceVersion: '19' })).to.equal(
      keyOf({ workspace: 'b', name: 'y', type: 'DELETED' }),
    );
  });

  it('matches an event that arrived before its write was acknowledged, at latency 0', () => {
    const ledger = createEventLedger(watchersOf);
    ledger.receive(1, added('b', 'y', '11'), 199);
    expect(ledger.outstanding()).to.equal(0);
    ledger.expect(added('b', 'y', '11'), 200);
    expect(ledger.outstanding()).to.equal(0);
    expect(ledger.tally()).to.include({ matched: 1, lost: 0, early: 1, unexpected: 0 });
    expect(ledger.tally().latenciesMs).to.deep.equal([0]);
  });

  it('keeps receipts of events no acknowledged write explains out of the matches', () => {
    const ledger = createEventLedger(watchersOf);
    ledger.receive(0, added('a', 'ghost', '9'), 50);
    expect(ledger.tally()).to.include({ expected: 0, received: 1, matched: 0, lost: 0, unexpected: 1 });
  });
});
