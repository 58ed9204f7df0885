import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { apiThroughputFixture, memoryFixture, workspaceCreationFixture } from './fixtures.js';
import { loadResults } from './load.js';
import { resultProblems } from './validate.js';

const json = (value: unknown) => JSON.stringify(value, null, 2);

describe('scale results: validation', () => {
  it('accepts every fixture', () => {
    for (const result of [workspaceCreationFixture(), memoryFixture(), apiThroughputFixture()])
      expect(resultProblems(result)).to.deep.equal([]);
  });

  it('names the field and what was wrong with it', () => {
    const result: Record<string, unknown> = { ...workspaceCreationFixture() };
    result.metrics = [
      { name: 'a', value: 1, unit: 'ms', better: 'lower' },
      { name: 'b', value: 'abc', unit: 'ms', better: 'sideways' },
      { name: 'a', value: 2, unit: 'ms', better: 'lower' },
    ];
    delete result.environment;
    result.scenario = 'coffee-brewing';
    const latency = workspaceCreationFixture().latencies['create→Ready']!;
    result.latencies = { 'create→Ready': { ...latency, p99Ms: null, cdf: [[1, 0.5], [2, 50], [3]] } };
    expect(resultProblems(result)).to.have.members([
      'scenario: expected one of workspace-creation, memory-per-workspace, api-throughput, watch-latency, capacity, authorization, crd-footprint, api-binding, virtual-workspace, bad-input, got "coffee-brewing"',
      'environment: expected an object, got nothing',
      'metrics[1].value: expected a finite number, got "abc"',
      'metrics[1].better: expected "lower" or "higher", got "sideways"',
      'metrics[2].name: duplicate metric "a"',
      'latencies["create→Ready"].p99Ms: expected a finite number, got null',
      'latencies["create→Ready"].cdf[1][1]: expected a fraction between 0 and 1, got 50',
      'latencies["create→Ready"].cdf[2]: expected a pair of finite numbers [x, y], got an array',
    ]);
  });

  it('takes a tenancy of workspaces or namespaces, or none, and nothing else', () => {
    expect(resultProblems({ ...apiThroughputFixture(), tenancy: 'namespaces' })).to.deep.equal([]);
    expect(resultProblems({ ...apiThroughputFixture(), tenancy: 'workspaces' })).to.deep.equal([]);
    expect(resultProblems({ ...apiThroughputFixture(), tenancy: 'tenants' })).to.deep.equal([
      'tenancy: expected "workspaces" or "namespaces", got "tenants"',
    ]);
  });

  it('rejects documents that are not objects or of another version', () => {
    expect(resultProblems([])).to.deep.equal(['(document): expected a JSON object, got an array']);
    expect(resultProblems({ ...memoryFixture(), apiVersion: 'v2' })).to.deep.equal([
      'apiVersion: expected "kcp-harness.io/v1alpha1", got "v2"',
    ]);
  });
});

describe('scale results: loading', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-scale-load-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads directories recursively, skips other JSON and names each broken file', async () => {
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'b-memory.json'), json(memoryFixture()));
    await writeFile(join(dir, 'nested', 'a-creation.json'), json(workspaceCreationFixture()));
    await writeFile(join(dir, 'k6-raw.json'), json({ metrics: {} }));
    await writeFile(join(dir, 'notes.txt'), 'not json');
    await writeFile(join(dir, 'truncated.json'), '{"kind": "ScenarioResult", "label": ');
    await writeFile(join(dir, 'bad.json'), json({ ...apiThroughputFixture(), label: 7 }));

    const outcome = await loadResults([dir]);

    expect(outcome.results.map((item) => item.file)).to.deep.equal([
      join(dir, 'b-memory.json'),
      join(dir, 'nested', 'a-creation.json'),
    ]);
    expect(outcome.skipped).to.deep.equal([join(dir, 'k6-raw.json')]);
    expect(outcome.problems).to.have.length(2);
    expect(outcome.problems[0]).to.equal(`${join(dir, 'bad.json')}: label: expected a string, got 7`);
    expect(outcome.problems[1]).to.match(new RegExp(`^${join(dir, 'truncated.json')}: not valid JSON: `));
  });

  it('reports a named file of another kind, a missing path and an empty directory', async () => {
    const other = join(dir, 'conformance.json');
    await writeFile(other, json({ apiVersion: 'kcp-harness.io/v1alpha1', kind: 'ConformanceReport' }));
    await mkdir(join(dir, 'empty'));

    const outcome = await loadResults([other, join(dir, 'nope.json'), join(dir, 'empty')]);

    expect(outcome.results).to.deep.equal([]);
    expect(outcome.problems).to.include(`${other}: kind: expected "ScenarioResult", got "ConformanceReport"`);
    expect(outcome.problems).to.include(`${join(dir, 'nope.json')}: no such file or directory`);
    expect(outcome.problems).to.include(
      `${join(dir, 'empty')}: no ScenarioResult files (*.json with kind ScenarioResult) in it`,
    );
  });

  it('caps the problems of one file and reads a file named twice once', async () => {
    const file = join(dir, 'junk.json');
    await writeFile(file, json({ kind: 'ScenarioResult' }));
    const good = join(dir, 'good.json');
    await writeFile(good, json(memoryFixture()));

    const outcome = await loadResults([file, good, good]);

    expect(outcome.problems).to.have.length(11);
    expect(outcome.problems[10]).to.match(/junk\.json: \.\.\. and \d+ more problems$/);
    expect(outcome.results).to.have.length(1);
  });
});
