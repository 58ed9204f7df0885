import { expect } from 'chai';
import type { ScenarioResult } from '../../scenarios/framework/result.js';
import { compareResults } from './compare.js';
import { formatComparison } from './compare-text.js';
import {
  apiThroughputFixture,
  fixtureRun,
  memoryFixture,
  withMetric,
  workspaceCreationFixture,
} from './fixtures.js';
import { parseMaxRegression } from './max-regression.js';

const row = (comparison: ReturnType<typeof compareResults>, metric: string) =>
  comparison.metrics.find((item) => item.metric === metric);

describe('compareResults', () => {
  const baseline = fixtureRun({ label: 'reference' });

  it('passes a result against itself', () => {
    const comparison = compareResults(baseline, baseline, 0.2);
    expect(comparison.verdict).to.equal('pass');
    expect(comparison.regressions).to.equal(0);
    expect(comparison.issues).to.deep.equal([]);
    expect(comparison.metrics.every((item) => item.status === 'ok' && item.ratio === 1)).to.equal(true);
  });

  it('fails a doctored 2x regression of a lower-is-better latency', () => {
    const creation = workspaceCreationFixture({ label: 'reference' });
    const p99 = creation.metrics.find((metric) => metric.name === 'create-to-ready-p99')!.value;
    const doctored = withMetric(creation, 'create-to-ready-p99', p99 * 2);

    const comparison = compareResults([creation], [doctored], 0.2);

    expect(comparison.verdict).to.equal('regression');
    expect(comparison.regressions).to.equal(1);
    expect(row(comparison, 'create-to-ready-p99')).to.include({
      status: 'regression',
      ratio: 2,
      worseBy: 1,
      better: 'lower',
    });
    expect(row(comparison, 'create-to-ready-p50')?.status).to.equal('ok');
  });

  it('fails a 2x drop of a higher-is-better throughput', () => {
    const creation = workspaceCreationFixture({ label: 'reference' });
    const doctored = withMetric(creation, 'workspaces-per-second', 90);

    const comparison = compareResults([creation], [doctored], 0.2);

    expect(comparison.verdict).to.equal('regression');
    expect(row(comparison, 'workspaces-per-second')).to.include({
      status: 'regression',
      ratio: 0.5,
      worseBy: 0.5,
    });
  });

  it('passes a rerun that is within 20% everywhere', () => {
    const rerun = fixtureRun({ label: 'reference', slowdown: 1.15 });
    const comparison = compareResults(baseline, rerun, 0.2);
    expect(comparison.verdict).to.equal('pass');
    expect(comparison.metrics.filter((item) => item.status !== 'ok')).to.deep.equal([]);
  });

  it('treats exactly the allowance as within it, and notes big improvements', () => {
    const creation = workspaceCreationFixture();
    const at = (value: number) =>
      withMetric(withMetric(creation, 'create-to-ready-p50', 100), 'workspaces-per-second', value);
    const exact = compareResults([at(100)], [withMetric(at(80), 'create-to-ready-p50', 120)], 0.2);
    expect(row(exact, 'create-to-ready-p50')?.status).to.equal('ok');
    expect(row(exact, 'workspaces-per-second')?.status).to.equal('ok');
    const faster = compareResults([at(100)], [at(150)], 0.2);
    expect(row(faster, 'workspaces-per-second')?.status).to.equal('improved');
    expect(faster.verdict).to.equal('pass');
  });

  it('reports a missing metric and a new one, and calls the comparison incomplete', () => {
    const creation = workspaceCreationFixture();
    const current: ScenarioResult = {
      ...creation,
      metrics: [
        ...creation.metrics.filter((metric) => metric.name !== 'create-to-ready-p99'),
        { name: 'create-to-ready-p999', value: 900, unit: 'ms', better: 'lower' },
      ],
    };

    const comparison = compareResults([creation], [current], 0.2);

    expect(row(comparison, 'create-to-ready-p99')).to.include({
      status: 'missing',
      reason: 'not in the current result',
    });
    expect(row(comparison, 'create-to-ready-p999')).to.include({ status: 'new' });
    expect(comparison.verdict).to.equal('incomplete');
  });

  it('reports scenarios without a counterpart, partial runs and changed units', () => {
    const memory = memoryFixture();
    const changed: ScenarioResult = {
      ...memory,
      partial: true,
      metrics: memory.metrics.map((metric) =>
        metric.name === 'bytes-per-workspace' ? { ...metric, unit: 'KiB', value: 48 } : metric,
      ),
    };

    const comparison = compareResults(
      [workspaceCreationFixture(), memory],
      [changed, workspaceCreationFixture({ label: 'x' })],
      0.2,
    );

    expect(row(comparison, 'bytes-per-workspace')).to.include({
      status: 'incomparable',
      reason: 'unit changed from "bytes" to "KiB"',
    });
    expect(comparison.issues).to.include(
      'memory-per-workspace (reference-sqlite): the current run is partial',
    );
    expect(compareResults([memory], [workspaceCreationFixture()], 0.2).issues).to.deep.equal([
      'workspace-creation: no baseline for this scenario',
      'memory-per-workspace: in the baseline but not among the current results',
    ]);
    expect(comparison.verdict).to.equal('incomplete');
  });

  it('notes parameters that differ from the baseline', () => {
    const creation = workspaceCreationFixture();
    const bigger = { ...creation, parameters: { ...creation.parameters, count: 10000 } };
    const comparison = compareResults([creation], [bigger], 0.2);
    expect(comparison.issues).to.deep.equal([
      'workspace-creation (reference-sqlite): parameters differ from the baseline: count',
    ]);
    expect(comparison.verdict).to.equal('incomplete');
  });

  it('notes a run whose units were namespaces against a baseline in workspaces', () => {
    const throughput = apiThroughputFixture();
    const inNamespaces: ScenarioResult = { ...throughput, tenancy: 'namespaces' };
    const comparison = compareResults([throughput], [inNamespaces], 0.2);
    expect(comparison.issues).to.deep.equal([
      'api-throughput (reference-sqlite): tenancy differs from the baseline: a workspace per unit in the baseline, a namespace per unit now',
    ]);
    expect(comparison.verdict).to.equal('incomplete');
    expect(formatComparison(comparison)).to.include(`note: ${comparison.issues[0]}`);
    // A result without the field ran in workspaces, as every result before it did.
    const explicit = compareResults([throughput], [{ ...throughput, tenancy: 'workspaces' }], 0.2);
    expect(explicit.issues).to.deep.equal([]);
  });

  it('picks the baseline with the same label when a scenario has several', () => {
    const slow = workspaceCreationFixture({ label: 'kcp', slowdown: 2 });
    const fast = workspaceCreationFixture({ label: 'reference' });
    const comparison = compareResults([slow, fast], [workspaceCreationFixture({ label: 'reference' })], 0.2);
    expect(comparison.verdict).to.equal('pass');
    const ambiguous = compareResults([slow, fast], [workspaceCreationFixture({ label: 'other' })], 0.2);
    expect(ambiguous.issues[0]).to.match(/cannot tell which to compare with/);
  });

  it('refuses a negative allowance', () => {
    expect(() => compareResults(baseline, baseline, -0.1)).to.throw(RangeError);
  });

  it('prints one aligned row per metric and the verdict', () => {
    const creation = workspaceCreationFixture({ label: 'reference' });
    const lines = formatComparison(
      compareResults([creation], [withMetric(creation, 'create-to-ready-p99', 1260)], 0.2),
    );
    expect(lines[0]).to.match(/^scenario\s+run\s+metric\s+baseline\s+current\s+change\s+status$/);
    expect(lines.find((line) => line.includes('create-to-ready-p99'))).to.match(
      /630 ms\s+1,260 ms\s+\+100\.0%\s+REGRESSION$/,
    );
    expect(lines.at(-1)).to.equal('REGRESSION: 1 of 4 metrics are more than 20% worse than the baseline');
  });
});

describe('--max-regression', () => {
  it('takes a percentage or a fraction', () => {
    expect(parseMaxRegression('20%')).to.equal(0.2);
    expect(parseMaxRegression('0.2')).to.equal(0.2);
    expect(parseMaxRegression('12.5 %')).to.equal(0.125);
    expect(parseMaxRegression('150%')).to.equal(1.5);
    expect(parseMaxRegression('0')).to.equal(0);
  });

  it('refuses what it would have to guess', () => {
    expect(parseMaxRegression('20'))
      .to.be.instanceOf(Error)
      .with.property('message')
      .that.matches(/ambiguous; write 20% or 0.2/);
    for (const text of ['-5%', 'twenty', '', '0.2.1', '20%%'])
      expect(parseMaxRegression(text), text).to.be.instanceOf(Error);
  });
});
