import { expect } from 'chai';
import type { ScenarioResult } from '../../scenarios/framework/result.js';
import { chartSpecs, renderCharts, scopeIds } from './charts.js';
import { apiThroughputFixture, memoryFixture, workspaceCreationFixture } from './fixtures.js';
import { groupRuns, runNames } from './runs.js';

const group = (results: ScenarioResult[]) =>
  groupRuns(results.map((result, index) => ({ file: `${index}.json`, result })));

describe('scale report: charts', function () {
  // Rendering charts with vega takes a few hundred milliseconds per report.
  this.timeout(20_000);

  it('draws one CDF for a single run, one per distribution for several, series and throughput', () => {
    const [single] = group([workspaceCreationFixture()]);
    expect(chartSpecs(single!, ['reference-sqlite']).map((chart) => chart.id)).to.deep.equal([
      'cdf',
      'create-ready-p99-vs-workspaces',
      'throughput',
    ]);
    const [pair] = group([apiThroughputFixture({ label: 'a' }), apiThroughputFixture({ label: 'b' })]);
    expect(chartSpecs(pair!, ['a', 'b']).map((chart) => chart.id)).to.deep.equal([
      'cdf-get',
      'cdf-list',
      'cdf-create',
      'throughput',
    ]);
  });

  it('gives a run the same colour in every chart and scenario', () => {
    const groups = group([
      memoryFixture({ label: 'a' }),
      workspaceCreationFixture({ label: 'b' }),
      memoryFixture({ label: 'b' }),
    ]);
    const order = runNames(groups);
    expect(order).to.deep.equal(['b', 'a']);
    const colours = groups.flatMap((g) =>
      chartSpecs(g, order).map(
        (chart) => JSON.stringify(chart.spec).match(/"domain":\["[^\]]*\],"range":\[[^\]]*\]/)?.[0],
      ),
    );
    expect(colours).to.include('"domain":["b"],"range":["#4c78a8"]');
    expect(colours).to.include('"domain":["a","b"],"range":["#f58518","#4c78a8"]');
  });

  it('renders standalone SVG with scoped ids and no external references', async () => {
    const [memory] = group([memoryFixture({ label: 'a' }), memoryFixture({ label: 'b', slowdown: 2 })]);
    const charts = await renderCharts(memory!, ['a', 'b']);
    expect(charts.map((chart) => chart.file)).to.deep.equal(['memory-per-workspace-rss-vs-workspaces.svg']);
    const svg = charts[0]!.svg;
    expect(svg).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).to.match(/<\/svg>$/);
    expect(svg.replace(/xmlns(:\w+)?="[^"]*"/g, '')).not.to.match(/https?:/);
    expect(svg).to.contain('RSS (MiB)');
  });

  it('draws series in bytes as MiB', () => {
    const memory = memoryFixture({ label: 'a' });
    const series = { name: 'RSS', xLabel: 'workspaces', yLabel: 'RSS (bytes)', points: [[0, 2 * 1024 ** 2]] };
    const [g] = group([{ ...memory, series: [series as (typeof memory.series)[number]] }]);
    const spec = JSON.stringify(chartSpecs(g!, ['a'])[0]?.spec);
    expect(spec).to.contain('"title":"RSS (MiB)"');
    expect(spec).to.contain('{"series":"a","x":0,"y":2}');
  });

  it('prefixes ids and the references to them', () => {
    expect(scopeIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/><use href="#clip1"/>', 'x')).to.equal(
      '<clipPath id="x-clip1"/><g clip-path="url(#x-clip1)"/><use href="#x-clip1"/>',
    );
  });
});

describe('downsample', () => {
  it('keeps short series and reduces long ones to bucket means', async () => {
    const { downsample, MAX_LINE_POINTS } = await import('./charts.js');
    const short: [number, number][] = [
      [1, 10],
      [2, 20],
    ];
    expect(downsample(short)).to.deep.equal(short);
    const long = Array.from({ length: 10_000 }, (_, i): [number, number] => [i, i % 2 === 0 ? 0 : 100]);
    const reduced = downsample(long);
    expect(reduced.length).to.be.at.most(MAX_LINE_POINTS);
    expect(reduced[0]![1]).to.be.closeTo(50, 3);
    expect(reduced.at(-1)![0]).to.be.greaterThan(9_900);
  });
});
