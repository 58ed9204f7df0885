// crd-footprint end to end against the reference server, small enough for CI: every phase
// produces its metrics, no request fails, and the bench workspaces are gone afterwards. No
// assertion on sizes or speed: CI machines vary.
import { expect } from 'chai';
import { createRunLog } from '../suites/framework/run-log.js';
import { WORKSPACES_PATH, type Workspace } from '../suites/framework/tenancy.js';
import { crdFootprintEntry } from '../scenarios/crd-footprint/entry.js';
import { openBenchTarget, type OpenedBenchTarget } from '../scenarios/framework/bench-target.js';
import { runOnTarget } from '../scenarios/framework/run-bench.js';
import type { BenchTarget } from '../scenarios/framework/scenario.js';

describe('bench: crd-footprint on the reference server', function () {
  this.timeout(180_000);
  let opened: OpenedBenchTarget | undefined;
  let bench: BenchTarget;
  const log = createRunLog();

  before(async () => {
    opened = await openBenchTarget({ kind: 'reference' }, { log });
    bench = opened.target;
  });

  after(async () => {
    await opened?.stop();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(log.text().split('\n').slice(-40).join('\n'));
  });

  it('measures RSS per CRD, time to Established and the validation cost, then cleans up', async () => {
    const fastSettle = { intervalMs: 100, consecutive: 2, tolerance: 0.5, maxMs: 2_000 };
    const result = await runOnTarget(
      crdFootprintEntry.prepare({ crds: 5, workspaces: 4, objects: 20, concurrency: 4, settle: fastSettle }),
      bench,
    );
    expect(result).to.include({ scenario: 'crd-footprint', partial: false });
    expect(result.errors).to.deep.equal({});
    const names = result.metrics.map((m) => m.name);
    for (const name of [
      'crdCreateLatencyP50Ms',
      'crdsEstablishedMs',
      'rss.crdsInOneWorkspace',
      'bytesPerCrd',
      'customObjectCreateLatencyP99Ms',
      'configMapCreateLatencyP99Ms',
      'schemaValidationOverheadP50Ms',
      'rss.oneCrdPerWorkspace',
      'bytesPerWorkspaceCrd',
    ])
      expect(names, name).to.include(name);
    expect(result.latencies.customObjectCreate?.count).to.equal(20);
    expect(result.latencies.configMapCreate?.count).to.equal(20);
    const root = bench.root;
    const left = await root.get<{ items: Workspace[] }>(WORKSPACES_PATH);
    expect(
      left.body.items.map((w) => w.metadata.name).filter((n) => n?.startsWith('kh-bench-')),
    ).to.deep.equal([]);
    console.log(
      `      crd-footprint: ${result.metrics.map((m) => `${m.name}=${m.value.toFixed(1)}`).join(' ')}`,
    );
  });
});
