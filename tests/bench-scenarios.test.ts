// The load scenarios end to end: workspace-creation and memory-per-workspace against a spawned
// reference server (one server for both), and workspace-creation against the kcp-binary target
// running our own CLI's `start` (pid, result file, clean-up).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { openBenchTarget, type OpenedBenchTarget } from '../scenarios/framework/bench-target.js';
import { withParameters } from '../scenarios/framework/registry.js';
import { resultApiVersion, type LatencySummary, type ScenarioResult } from '../scenarios/framework/result.js';
import { runOnTarget } from '../scenarios/framework/run-bench.js';
import { rssSourceFor } from '../scenarios/framework/rss.js';
import { writeResult } from '../scenarios/framework/write-result.js';
import { resolveParameters as memoryParameters } from '../scenarios/memory-per-workspace/parameters.js';
import { memoryPerWorkspace } from '../scenarios/memory-per-workspace/scenario.js';
import { resolveParameters as creationParameters } from '../scenarios/workspace-creation/parameters.js';
import { workspaceCreation } from '../scenarios/workspace-creation/scenario.js';
import { WORKSPACES_PATH, type Workspace } from '../suites/framework/tenancy.js';

const repo = fileURLToPath(new URL('..', import.meta.url));

function expectResultShape(result: ScenarioResult, scenario: string): void {
  expect(result.apiVersion).to.equal(resultApiVersion);
  expect(result.kind).to.equal('ScenarioResult');
  expect(result.scenario).to.equal(scenario);
  expect(result.partial).to.equal(false);
  expect(Date.parse(result.finishedAt)).to.be.at.least(Date.parse(result.startedAt));
  expect(result.environment.cpus).to.be.greaterThan(0);
  expect(result.environment.driver).to.equal('node');
  expect(result.target.server).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(result.target.version).to.be.a('string');
  expect(result.errors).to.deep.equal({});
}

function expectLatencies(summary: LatencySummary | undefined, count: number): void {
  expect(summary?.count).to.equal(count);
  expect(summary?.hdrBase64).to.be.a('string').and.not.equal('');
  expect(summary!.minMs).to.be.at.most(summary!.p50Ms);
  expect(summary!.p50Ms).to.be.at.most(summary!.p99Ms);
  expect(summary!.p99Ms).to.be.at.most(summary!.maxMs);
  const cdf = summary?.cdf ?? [];
  expect(cdf.length).to.be.greaterThan(1);
  for (let i = 1; i < cdf.length; i += 1) {
    expect(cdf[i]![0]).to.be.greaterThan(cdf[i - 1]![0]);
    expect(cdf[i]![1]).to.be.greaterThan(cdf[i - 1]![1]);
  }
  expect(cdf[cdf.length - 1]![1]).to.equal(1);
}

const metric = (result: ScenarioResult, name: string): number | undefined =>
  result.metrics.find((entry) => entry.name === name)?.value;

describe('bench scenarios on the reference server', function () {
  let opened: OpenedBenchTarget;

  before(async () => {
    opened = await openBenchTarget({ kind: 'reference' });
  });
  after(async () => {
    await opened?.stop();
  });

  /** Bench parents still in root (the server is fresh: any kh-bench-* is a scenario's leftover). */
  async function benchParents(): Promise<string[]> {
    const response = await opened.target.root.get<{ items: Workspace[] }>(WORKSPACES_PATH);
    expect(response.status).to.equal(200);
    return response.body.items
      .map((item) => item.metadata.name ?? '')
      .filter((name) => name.startsWith('kh-bench-'));
  }

  it('workspace-creation: 20 workspaces, 4 at a time; latencies, throughput, parent deleted', async () => {
    const parameters = creationParameters({ count: 20, concurrency: 4 });
    const result = await runOnTarget(withParameters(workspaceCreation, parameters), opened.target, {
      label: 'test',
    });
    expectResultShape(result, 'workspace-creation');
    expect(result.label).to.equal('test');
    expect(result.parameters).to.include({ count: 20, concurrency: 4 });
    expectLatencies(result.latencies.createToReady, 20);
    expectLatencies(result.latencies.createToFirstRequest, 20);
    expect(metric(result, 'workspacesReady')).to.equal(20);
    expect(metric(result, 'workspacesPerSecond')).to.be.greaterThan(0);
    expect(metric(result, 'createToReady.p99')).to.equal(result.latencies.createToReady?.p99Ms);
    expect(metric(result, 'deleteToGone')).to.be.greaterThan(0);
    expect(result.series[0]?.points).to.have.length(20);
    expect(await benchParents()).to.deep.equal([]);
  });

  it('memory-per-workspace: steps 0, 10, 20; RSS series and bytes per workspace', async () => {
    const parameters = memoryParameters({
      steps: [0, 10, 20],
      concurrency: 4,
      // Shorter than the command's 1 s × 3 (max 30 s) to keep the test quick; same rule otherwise.
      settle: { intervalMs: 200, consecutive: 3, tolerance: 0.02, maxMs: 3000 },
    });
    const result = await runOnTarget(withParameters(memoryPerWorkspace, parameters), opened.target);
    expectResultShape(result, 'memory-per-workspace');
    expect(result.label).to.equal('reference');
    const rss = result.series.find((series) => series.name === 'RSS vs workspaces');
    expect(rss?.points.map(([workspaces]) => workspaces)).to.deep.equal([0, 10, 20]);
    for (const [, bytes] of rss?.points ?? []) expect(bytes).to.be.greaterThan(10 * 1024 * 1024);
    expect(metric(result, 'bytesPerWorkspace')).to.be.a('number');
    expect(metric(result, 'bytesPerWorkspace.excludingFirstStep')).to.be.a('number');
    expect(result.notes.filter((note) => /^step \d+: .*(settled|timeout):/.test(note))).to.have.length(3);
    expect(result.notes.some((note) => note.includes('R²'))).to.equal(true);
    expectLatencies(result.latencies.createToReady, 20);
    expect(await benchParents()).to.deep.equal([]);
  });
});

/**
 * Our CLI as a kcp binary: the built dist/scripts/cli.js once it has `start` (npm test builds
 * first); otherwise a tiny entry that runs startCommand() from the sources through tsx, so the
 * target is exercised either way. Both are .js-family files, run through process.execPath.
 */
async function ourKcpBinary(directory: string): Promise<string> {
  const built = join(repo, 'dist/scripts/cli.js');
  // `cli.js start --help` prints the program's help when there is no start command; look for its flags.
  const help = existsSync(built)
    ? spawnSync(process.execPath, [built, 'start', '--help'], { encoding: 'utf8' })
    : undefined;
  if (help?.stdout.includes('--embedded-etcd-client-port')) return built;
  const entry = join(directory, 'kcp-start.mjs');
  const tsx = pathToFileURL(join(repo, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
  const main = pathToFileURL(join(repo, 'reference-server/src/main.ts')).href;
  await writeFile(
    entry,
    `import { register } from '${tsx}';\nregister();\n` +
      `const { startCommand } = await import('${main}');\n` +
      `await startCommand().parseAsync(process.argv.slice(3), { from: 'user' });\n`,
  );
  return entry;
}

describe('bench on the kcp-binary target (our own CLI)', function () {
  let directory: string;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'kcp-harness-bench-test-'));
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('workspace-creation: 5 workspaces; pid known for /proc RSS, result written, directory removed at stop', async () => {
    const binary = await ourKcpBinary(directory);
    const opened = await openBenchTarget({ kind: 'kcp-binary', path: binary });
    let result: ScenarioResult;
    try {
      expect(opened.target.pid).to.be.a('number');
      if (process.platform === 'linux')
        expect((await rssSourceFor(opened.target)).describe).to.contain('/proc/');
      result = await runOnTarget(
        withParameters(workspaceCreation, creationParameters({ count: 5 })),
        opened.target,
      );
    } finally {
      await opened.stop();
    }
    const out = join(directory, 'result.json');
    expect(await writeResult(result, out)).to.equal(out);
    expect(JSON.parse(await readFile(out, 'utf8'))).to.deep.equal(result);
    expectResultShape(result, 'workspace-creation');
    expect(result.target.kind).to.equal('kcp-binary');
    expectLatencies(result.latencies.createToReady, 5);
    expect(metric(result, 'deleteToGone')).to.be.greaterThan(0);
    const rootDirectory = /root directory (\S+)$/.exec(result.target.describe)?.[1];
    expect(rootDirectory && existsSync(rootDirectory), `${rootDirectory} removed`).to.equal(false);
  });
});
