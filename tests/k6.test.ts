// The k6 scenarios (scenarios/k6) against our reference server, with small numbers: both run to
// exit 0 and write a ScenarioResult of exactly the shape scenarios/framework/result.ts declares,
// with sane values, and delete what they created; an impossible threshold makes k6 exit 99.
//
// k6 comes from PATH or from Go's bin directory ($GOBIN, $GOPATH/bin), where .ci/run's
// `go install go.k6.io/k6@<pinned>` puts it. Without k6 the suite is skipped, except in CI
// (CI=true), where it fails.
import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, homedir, hostname, tmpdir, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { resultApiVersion, type ScenarioResult } from '../scenarios/framework/result.js';
import { loadConnection } from '../suites/framework/http/connection.js';
import { createRunLog } from '../suites/framework/run-log.js';
import { referenceTarget } from '../suites/framework/target/reference.js';
import type { Target } from '../suites/framework/target/target.js';
import { WORKSPACES_PATH } from '../suites/framework/tenancy.js';
import { resolveTimeouts } from '../suites/framework/timeouts.js';

const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));
const SCRIPTS = join(REPOSITORY, 'scenarios', 'k6');
/** One k6 run may take: set-up, a few seconds of load, teardown. */
const K6_RUN_TIMEOUT_MS = 150_000;

const run = promisify(execFile);

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where `go install` puts binaries: $GOBIN, else each $GOPATH entry's bin (default ~/go/bin). */
async function goBinDirectories(): Promise<string[]> {
  try {
    const { stdout } = await run('go', ['env', 'GOBIN', 'GOPATH'], { timeout: 30_000 });
    const [gobin = '', gopath = ''] = stdout.split('\n').map((line) => line.trim());
    return [gobin, ...gopath.split(delimiter).map((entry) => (entry ? join(entry, 'bin') : ''))].filter(
      Boolean,
    );
  } catch {
    return [join(homedir(), 'go', 'bin')];
  }
}

async function findK6(): Promise<string | undefined> {
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const directory of [...onPath, ...(await goBinDirectories())]) {
    const candidate = join(directory, 'k6');
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

interface K6Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function describeRun(runResult: K6Run): string {
  return `k6 exited ${runResult.code ?? runResult.signal} after ${runResult.ms} ms\nstdout:\n${runResult.stdout}\nstderr:\n${runResult.stderr}`;
}

/** Our environment minus k6's own K6_* settings (K6_VUS, K6_DURATION would replace the scenarios). */
function baseEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('K6_')) environment[key] = value;
  }
  return environment;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function expectKeys(value: unknown, required: string[], optional: string[], what: string): void {
  expect(isObject(value), `${what} is an object`).to.equal(true);
  const keys = Object.keys(value as object);
  for (const key of required) expect(keys, `${what} has ${key}`).to.include(key);
  for (const key of keys) expect([...required, ...optional], `${what} has no field "${key}"`).to.include(key);
}

const isoTime = (value: unknown): number => {
  expect(value).to.be.a('string');
  const time = Date.parse(value as string);
  expect(Number.isNaN(time), `${String(value)} is a timestamp`).to.equal(false);
  return time;
};

/** Exactly the fields of ScenarioResult, each of the declared type. */
function expectScenarioResult(
  value: unknown,
  scenario: ScenarioResult['scenario'],
): asserts value is ScenarioResult {
  expectKeys(
    value,
    [
      'apiVersion',
      'kind',
      'scenario',
      'label',
      'startedAt',
      'finishedAt',
      'partial',
      'parameters',
      'target',
      'environment',
      'metrics',
      'latencies',
      'series',
      'errors',
      'notes',
    ],
    [],
    'result',
  );
  const result = value as Record<string, unknown>;
  expect(result.apiVersion).to.equal(resultApiVersion);
  expect(result.kind).to.equal('ScenarioResult');
  expect(result.scenario).to.equal(scenario);
  expect(result.label).to.be.a('string');
  expect(isoTime(result.finishedAt)).to.be.at.least(isoTime(result.startedAt));
  expect(result.partial).to.be.a('boolean');
  expect(isObject(result.parameters)).to.equal(true);

  expectKeys(result.target, ['kind', 'describe', 'server'], ['version'], 'target');
  const target = result.target as Record<string, unknown>;
  for (const field of ['kind', 'describe', 'server']) expect(target[field]).to.be.a('string');

  const environmentFields = ['hostname', 'platform', 'arch', 'cpus', 'cpuModel', 'memoryBytes', 'node'];
  expectKeys(
    result.environment,
    [...environmentFields, 'harnessVersion', 'driver'],
    ['harnessCommit'],
    'environment',
  );
  const environment = result.environment as Record<string, unknown>;
  for (const field of ['hostname', 'platform', 'arch', 'cpuModel', 'node', 'harnessVersion', 'driver']) {
    expect(environment[field], `environment.${field}`).to.be.a('string');
  }
  expect(environment.cpus).to.be.a('number');
  expect(environment.memoryBytes).to.be.a('number');

  expect(result.metrics).to.be.an('array').with.length.above(0);
  for (const metric of result.metrics as unknown[]) {
    expectKeys(metric, ['name', 'value', 'unit', 'better'], [], 'metric');
    const { name, value: number, unit, better } = metric as Record<string, unknown>;
    expect(name).to.be.a('string');
    expect(unit).to.be.a('string');
    expect(Number.isFinite(number), `metric ${String(name)} is a finite number`).to.equal(true);
    expect(['lower', 'higher']).to.include(better);
  }

  expect(isObject(result.latencies)).to.equal(true);
  for (const [name, summary] of Object.entries(result.latencies as Record<string, unknown>)) {
    const fields = ['count', 'minMs', 'meanMs', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs'];
    expectKeys(summary, fields, ['hdrBase64', 'cdf'], `latencies.${name}`);
    const latency = summary as Record<string, number>;
    for (const field of fields) expect(latency[field], `latencies.${name}.${field}`).to.be.a('number');
    expect(latency.count, `latencies.${name}.count`).to.be.above(0);
    expect(latency.minMs).to.be.at.least(0);
    expect(latency.p50Ms, `latencies.${name}: p50 ≥ min`).to.be.at.least(latency.minMs!);
    expect(latency.p90Ms, `latencies.${name}: p90 ≥ p50`).to.be.at.least(latency.p50Ms!);
    expect(latency.p99Ms, `latencies.${name}: p99 ≥ p90`).to.be.at.least(latency.p90Ms!);
    expect(latency.maxMs, `latencies.${name}: max ≥ p99`).to.be.at.least(latency.p99Ms!);
    expect(latency.meanMs, `latencies.${name}: mean within [min, max]`).to.be.within(
      latency.minMs!,
      latency.maxMs!,
    );
  }

  expect(result.series).to.deep.equal([]);
  expect(isObject(result.errors)).to.equal(true);
  for (const count of Object.values(result.errors as object)) expect(count).to.be.a('number');
  expect(result.notes).to.be.an('array').with.length.above(0);
  for (const note of result.notes as unknown[]) expect(note).to.be.a('string');
}

function metricValue(result: ScenarioResult, name: string): number {
  const metric = result.metrics.find((candidate) => candidate.name === name);
  expect(metric, `metric ${name} (has: ${result.metrics.map((m) => m.name).join(', ')})`).to.not.equal(
    undefined,
  );
  return metric!.value;
}

describe('k6 scenarios against the reference server', function () {
  this.timeout(180_000);
  const log = createRunLog();
  let k6: string | undefined;
  let target: Target | undefined;
  let directory: string | undefined;
  /** K6_KCP_* for the target: base URL, token, and its CA through SSL_CERT_FILE (verification stays on). */
  let connectionEnvironment: Record<string, string> = {};
  let server = '';

  before(async function () {
    k6 = await findK6();
    if (!k6) {
      const reason =
        "k6 is not on PATH nor in Go's bin directory ($GOBIN, $GOPATH/bin); .ci/run installs it with go install go.k6.io/k6@<pinned version>";
      if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
      console.log(`    skipping the k6 scenario tests: ${reason}`);
      this.skip();
    }
    const { stdout } = await run(k6, ['version'], { timeout: 30_000 });
    log.write('harness', `using ${k6}: ${stdout.trim()}`);
    directory = await mkdtemp(join(tmpdir(), 'kcp-harness-k6-'));
    target = await referenceTarget({ timeouts: resolveTimeouts(), log });
    const connection = await loadConnection(target.kubeconfigPath, 'root');
    server = connection.server.replace(/\/clusters\/.*$/, '');
    const token = /^Bearer (.+)$/.exec(connection.headers.authorization ?? '')?.[1];
    if (!token || !connection.tls.ca)
      throw new Error(`${target.kubeconfigPath}: no bearer token or CA for context root`);
    const caFile = join(directory, 'ca.crt');
    await writeFile(caFile, connection.tls.ca as Buffer | string);
    connectionEnvironment = { K6_KCP_SERVER: server, K6_KCP_TOKEN: token, SSL_CERT_FILE: caFile };
  });

  after(async function () {
    await target?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(log.text().split('\n').slice(-60).join('\n'));
  });

  function runK6(script: string, environment: Record<string, string>): Promise<K6Run> {
    if (!k6) throw new Error('k6 not found');
    const binary = k6;
    const args = ['run', '--quiet', '--no-color', '--no-usage-report', join(SCRIPTS, script)];
    const started = Date.now();
    log.write('harness', `k6 ${args.join(' ')} with ${Object.keys(environment).join(', ')}`);
    return new Promise((resolve, reject) => {
      const child = spawn(binary, args, {
        cwd: REPOSITORY,
        // Never the default reports/latest/ of the working tree.
        env: {
          ...baseEnvironment(),
          ...connectionEnvironment,
          K6_RESULT_OUT: join(directory!, `result-${script}.json`),
          ...environment,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), K6_RUN_TIMEOUT_MS);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        const result = { code, signal, stdout, stderr, ms: Date.now() - started };
        log.write('harness', describeRun(result));
        resolve(result);
      });
    });
  }

  async function readResult(path: string, scenario: ScenarioResult['scenario']): Promise<ScenarioResult> {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    expectScenarioResult(parsed, scenario);
    return parsed;
  }

  /** What teardown deleted answers 404 (it waits for that before k6 exits). */
  async function expectGone(workspacePath: unknown): Promise<void> {
    expect(workspacePath)
      .to.be.a('string')
      .that.matches(/^root:kh-k6-[a-z0-9]{5}$/);
    const name = (workspacePath as string).slice('root:'.length);
    const response = await target!.client().get(`${WORKSPACES_PATH}/${name}`);
    expect(response.status, `${String(workspacePath)} after teardown`).to.equal(404);
  }

  const machine = (): Record<string, string> => ({
    K6_KCP_ENVIRONMENT: JSON.stringify({
      hostname: hostname(),
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryBytes: totalmem(),
    }),
  });

  it('workspace-creation: creates workspaces under a parent of its own, times create-to-Ready, writes a ScenarioResult', async function () {
    const out = join(directory!, 'k6-workspace-creation.json');
    const k6Run = await runK6('workspace-creation.js', {
      ...machine(),
      K6_RESULT_OUT: out,
      K6_KCP_WORKSPACES: '8',
      K6_KCP_VUS: '3',
      K6_KCP_LABEL: 'reference-k6',
    });
    expect(k6Run.code, describeRun(k6Run)).to.equal(0);
    expect(k6Run.stdout).to.include('create_to_ready').and.include(out);
    const result = await readResult(out, 'workspace-creation');

    expect(result.label).to.equal('reference-k6');
    expect(result.partial).to.equal(false);
    expect(result.errors).to.deep.equal({});
    expect(result.target).to.include({ kind: 'kubeconfig', server });
    expect(result.target.version).to.match(/kcp-harness/);
    expect(result.environment.driver).to.match(/^k6 v\d+\.\d+\.\d+/);
    expect(result.environment).to.include({
      hostname: hostname(),
      platform: process.platform,
      cpus: cpus().length,
    });
    expect(result.parameters).to.include({ workspaces: 8, vus: 3, mode: 'closed-loop' });
    const toReady = result.latencies.createToReady!;
    const toFirst = result.latencies.createToFirstRequest!;
    expect(toReady.count).to.equal(8);
    expect(toFirst.count).to.equal(8);
    expect(toReady.minMs).to.be.above(0);
    expect(toReady.maxMs).to.be.below(60_000);
    // The first request comes after Ready, by construction.
    expect(toFirst.p50Ms).to.be.at.least(toReady.minMs);
    expect(metricValue(result, 'readyWorkspacesPerSecond')).to.be.above(0);
    expect(metricValue(result, 'createToReadyP99Ms')).to.equal(toReady.p99Ms);
    await expectGone(result.parameters.parent);
    console.log(
      `      k6 workspace-creation: ${k6Run.ms} ms; create→Ready p50 ${toReady.p50Ms} ms, p99 ${toReady.p99Ms} ms; ` +
        `${metricValue(result, 'readyWorkspacesPerSecond').toFixed(1)} workspaces/s`,
    );
  });

  it('api-throughput: GET, LIST and CREATE of ConfigMaps in one workspace, latency per operation', async function () {
    const out = join(directory!, 'k6-api-throughput.json');
    const k6Run = await runK6('api-throughput.js', {
      ...machine(),
      K6_RESULT_OUT: out,
      K6_KCP_DURATION: '2',
      K6_KCP_VUS: '2',
      K6_KCP_TARGET_KIND: 'reference',
      K6_KCP_TARGET_DESCRIBE: target!.describe,
    });
    expect(k6Run.code, describeRun(k6Run)).to.equal(0);
    expect(k6Run.stdout)
      .to.include('get_configmap')
      .and.include('list_configmaps')
      .and.include('create_configmap');
    const result = await readResult(out, 'api-throughput');

    expect(result.partial).to.equal(false);
    expect(result.errors).to.deep.equal({});
    expect(result.target).to.deep.include({ kind: 'reference', describe: target!.describe, server });
    expect(result.parameters).to.include({ duration: 2, vus: 2, mode: 'closed-loop', listSize: 11 });
    const summary: string[] = [];
    for (const operation of ['get', 'list', 'create']) {
      const latency = result.latencies[operation];
      expect(latency, `latencies.${operation}`).to.not.equal(undefined);
      expect(latency!.count).to.be.above(10);
      const perSecond = metricValue(result, `${operation}RequestsPerSecond`);
      // Two seconds of a closed loop: req/s × duration is the number of 2xx answers.
      expect(perSecond * 2).to.be.closeTo(latency!.count, 0.001);
      expect(metricValue(result, `${operation}LatencyP99Ms`)).to.equal(latency!.p99Ms);
      summary.push(`${operation} ${perSecond.toFixed(0)} req/s p99 ${latency!.p99Ms} ms`);
    }
    await expectGone(result.parameters.workspace);
    console.log(`      k6 api-throughput: ${k6Run.ms} ms; ${summary.join(', ')}`);
  });

  it('TLS: without the CA set-up fails loudly; K6_KCP_INSECURE=true skips verification and says so', async function () {
    const failedOut = join(directory!, 'unverified.json');
    const unverified = await runK6('workspace-creation.js', {
      SSL_CERT_FILE: '',
      K6_KCP_WORKSPACES: '1',
      K6_RESULT_OUT: failedOut,
    });
    // 107: the script threw (in setup()); k6 still calls handleSummary, which says so.
    expect(unverified.code, describeRun(unverified)).to.equal(107);
    expect(unverified.stderr).to.include('SSL_CERT_FILE').and.include('K6_KCP_INSECURE');
    const failed = await readResult(failedOut, 'workspace-creation');
    expect(failed.partial).to.equal(true);
    expect(failed.errors).to.deep.equal({ 'set-up failed': 1 });

    const out = join(directory!, 'insecure.json');
    const insecure = await runK6('workspace-creation.js', {
      SSL_CERT_FILE: '',
      K6_KCP_INSECURE: 'true',
      K6_KCP_WORKSPACES: '2',
      K6_RESULT_OUT: out,
    });
    expect(insecure.code, describeRun(insecure)).to.equal(0);
    const result = await readResult(out, 'workspace-creation');
    expect(result.latencies.createToReady?.count).to.equal(2);
    expect(result.notes.join('\n')).to.include('not verified');
  });

  it('a threshold the run cannot meet makes k6 exit 99, and the result is still written', async function () {
    for (const [script, scenario, environment] of [
      [
        'workspace-creation.js',
        'workspace-creation',
        { K6_KCP_WORKSPACES: '3', K6_KCP_VUS: '2', K6_P99_MS: '1' },
      ],
      ['api-throughput.js', 'api-throughput', { K6_KCP_DURATION: '1', K6_KCP_VUS: '1', K6_P99_MS: '0.01' }],
    ] as const) {
      const out = join(directory!, `breach-${scenario}.json`);
      const k6Run = await runK6(script, { ...environment, K6_RESULT_OUT: out });
      expect(k6Run.code, describeRun(k6Run)).to.equal(99);
      expect(k6Run.stdout).to.match(/FAILED .*p\(99\)</);
      expect(k6Run.stderr).to.include('thresholds on metrics');
      const result = await readResult(out, scenario);
      expect(result.partial).to.equal(false);
      console.log(`      k6 ${scenario} with K6_P99_MS=${environment.K6_P99_MS}: exit 99 in ${k6Run.ms} ms`);
    }
  });
});
