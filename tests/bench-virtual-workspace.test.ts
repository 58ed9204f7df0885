// virtual-workspace end to end against the reference server, small enough for CI: every phase
// produces its metrics and notes, no event is lost or duplicated, nothing fails, and the bench
// parent is gone afterwards; bad parameters are refused. No assertion on speed or size: CI
// machines vary.
import { expect } from 'chai';
import { createRunLog } from '../suites/framework/run-log.js';
import { WORKSPACES_PATH, type Workspace } from '../suites/framework/tenancy.js';
import { virtualWorkspaceEntry } from '../scenarios/virtual-workspace/entry.js';
import { resolveVirtualWorkspace } from '../scenarios/virtual-workspace/params.js';
import { openBenchTarget, type OpenedBenchTarget } from '../scenarios/framework/bench-target.js';
import { UsageError } from '../scenarios/framework/options.js';
import { runOnTarget } from '../scenarios/framework/run-bench.js';

const fastSettle = { intervalMs: 100, consecutive: 2, tolerance: 0.5, maxMs: 2_000 };

describe('bench: virtual-workspace on the reference server', function () {
  this.timeout(240_000);
  let opened: OpenedBenchTarget | undefined;
  const log = createRunLog();

  before(async () => {
    opened = await openBenchTarget({ kind: 'reference' }, { log });
  });

  after(async () => {
    await opened?.stop();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(log.text().split('\n').slice(-40).join('\n'));
  });

  it('lists across the bound consumers, times writes to provider events, loses and duplicates none', async () => {
    const bench = opened!.target;
    const result = await runOnTarget(
      virtualWorkspaceEntry.prepare({
        consumers: 5,
        writes: 30,
        rate: 60,
        concurrency: 3,
        settle: fastSettle,
      }),
      bench,
    );
    expect(result).to.include({ scenario: 'virtual-workspace', partial: false, tenancy: 'workspaces' });
    expect(result.errors).to.deep.equal({});
    const metrics = new Map(result.metrics.map((m) => [m.name, m]));
    expect(metrics.get('boundConsumers')).to.include({ value: 5, better: 'higher' });
    // Five consumers' widgets and the warm-up consumer's.
    expect(metrics.get('initialListObjects')).to.include({ value: 6 });
    expect(metrics.get('lostEvents')).to.include({ value: 0, better: 'lower' });
    expect(metrics.get('duplicatedEvents')).to.include({ value: 0, better: 'lower' });
    for (const name of ['initialListMs', 'eventLatencyP50Ms', 'eventLatencyP99Ms', 'bytesPerBoundConsumer'])
      expect(metrics.get(name)?.better, name).to.equal('lower');
    expect(result.latencies.writeToProviderEvent?.count).to.equal(30);
    const notes = result.notes.join('\n');
    for (const pattern of [
      /^virtual workspace: https:\/\/\S+\/services\/apiexport\/\w+\/widgets /m,
      /^initial list: GET \S+\/clusters\/\*\/apis\/bench\.kcp-harness\.io\/v1\/widgets answered 6 widgets of 5 bound consumers/m,
      /^writes: 30 widgets at 60\/s over 5 consumers .* 0 lost .* 0 duplicated/m,
      /^bytesPerBoundConsumer: /m,
      /^deleted root:kh-bench-\w+: DELETE → 404/m,
    ])
      expect(notes).to.match(pattern);
    const left = await bench.root.get<{ items: Workspace[] }>(WORKSPACES_PATH);
    expect(
      left.body.items.map((w) => w.metadata.name ?? '').filter((n) => n.startsWith('kh-bench-')),
    ).to.deep.equal([]);
  });

  it('refuses parameters that make no sense', () => {
    expect(() => resolveVirtualWorkspace({ consumers: 0 })).to.throw(UsageError);
    expect(() => resolveVirtualWorkspace({ rate: 0 })).to.throw(UsageError);
    expect(resolveVirtualWorkspace({})).to.include({ consumers: 1000, writes: 500, rate: 20 });
  });
});
