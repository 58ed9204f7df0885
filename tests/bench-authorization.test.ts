// The authorization scenario end to end against a spawned reference server, small enough for CI:
// the server gets the cache size the run asks for, every figure is there and sane, the cache
// really holds every workspace touched, and nothing is left behind. No assertion on how fast
// anything is: CI machines vary.
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { openBenchTarget, type OpenedBenchTarget } from '../scenarios/framework/bench-target.js';
import { withParameters } from '../scenarios/framework/registry.js';
import type { ScenarioResult } from '../scenarios/framework/result.js';
import { runOnTarget, targetSpecFor } from '../scenarios/framework/run-bench.js';
import { authorizationEntry } from '../scenarios/authorization/entry.js';
import { resolveAuthorizationParams } from '../scenarios/authorization/params.js';
import { authorization } from '../scenarios/authorization/scenario.js';
import { createRunLog } from '../suites/framework/run-log.js';
import { WORKSPACES_PATH, type Workspace } from '../suites/framework/tenancy.js';

const metric = (result: ScenarioResult, name: string): number | undefined =>
  result.metrics.find((entry) => entry.name === name)?.value;

const MIB = 1024 * 1024;

describe('bench authorization on the reference server', function () {
  const parameters = resolveAuthorizationParams({
    bindings: [0, 50],
    duration: 1,
    connections: 4,
    workspaces: 20,
    concurrency: 8,
    // Shorter than the command's 1 s × 3 (max 30 s) to keep the test quick; same rule otherwise.
    settle: { intervalMs: 200, consecutive: 3, tolerance: 0.02, maxMs: 3000 },
  });
  const prepared = withParameters(authorization, parameters);
  const log = createRunLog();
  let opened: OpenedBenchTarget;
  let result: ScenarioResult;

  before(async () => {
    opened = await openBenchTarget(targetSpecFor(prepared, { kind: 'reference' }), { log });
    result = await runOnTarget(prepared, opened.target, { label: 'test' });
  });
  after(async () => {
    await opened?.stop();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      console.log(JSON.stringify({ ...result, latencies: undefined }, null, 2));
      console.log(log.text().split('\n').slice(-40).join('\n'));
    }
  });

  it('spawns the reference server with an authorization cache large enough for the workspaces', async function () {
    expect(prepared.referenceServerArgs).to.deep.equal(['--authorization-cache-size', '122']);
    expect(targetSpecFor(prepared, { kind: 'kubeconfig', path: 'k' })).to.deep.equal({
      kind: 'kubeconfig',
      path: 'k',
    });
    if (process.platform !== 'linux') this.skip();
    const cmdline = (await readFile(`/proc/${opened.target.pid}/cmdline`, 'utf8')).split('\0');
    expect(cmdline.slice(cmdline.indexOf('--authorization-cache-size'))).to.include.ordered.members([
      '--authorization-cache-size',
      '122',
    ]);
  });

  it('is a complete result without errors', () => {
    expect(result).to.include({
      apiVersion: 'kcp-harness.io/v1alpha1',
      kind: 'ScenarioResult',
      scenario: 'authorization',
      label: 'test',
      partial: false,
    });
    expect(result.errors).to.deep.equal({});
    expect(result.parameters).to.include({ workspaces: 20, duration: 1, connections: 4 });
    expect(result.parameters.bindings).to.deep.equal([0, 50]);
    expect(result.environment.driver).to.match(/^autocannon \d/);
  });

  it('measures GET as the kubeconfig identity and as the user among 0 and 50 RoleBindings, client and server side', () => {
    for (const key of ['kubeconfigIdentity', 'bindings0', 'bindings50']) {
      expect(metric(result, `${key}.requestsPerSecond`), key).to.be.greaterThan(0);
      const [p50, p99] = [metric(result, `${key}.latencyP50Ms`), metric(result, `${key}.latencyP99Ms`)];
      expect(p50, key).to.be.at.least(0);
      expect(p99, key).to.be.at.least(p50!);
      const summary = result.latencies[`get as ${key}`];
      expect(summary?.count, key).to.be.greaterThan(0);
      expect(summary?.hdrBase64, key).to.be.a('string');
      // The reference server exports its authorizer histogram, so the server side is measured too.
      const [mean, a50, a99] = ['Mean', 'P50', 'P99'].map((name) =>
        metric(result, `${key}.authorizer${name}Us`),
      );
      expect(mean, key).to.be.greaterThan(0);
      expect(a50, key).to.be.greaterThan(0);
      expect(a99, key).to.be.at.least(a50!);
    }
    for (const name of [
      'requestsPerSecond',
      'latencyP50Ms',
      'latencyP99Ms',
      'authorizerMeanUs',
      'authorizerP99Us',
    ]) {
      expect(metric(result, `bindings50MinusBindings0.${name}`), name).to.be.a('number');
    }
    const series = result.series.find((entry) => entry.name === 'authorizer mean vs other RoleBindings');
    expect(series?.points.map(([bindings]) => bindings)).to.deep.equal([0, 50]);
    expect(
      result.notes.some((note) => note.startsWith('server-side authorizer time: difference of')),
    ).to.equal(true);
  });

  it('loads every touched workspace into the cache and reports RSS at each stage', () => {
    expect(metric(result, 'cache.workspacesReady')).to.equal(20);
    expect(metric(result, 'cache.workspacesTouched')).to.equal(20);
    for (const stage of ['beforeCreate', 'afterCreate', 'afterTouch'])
      expect(metric(result, `cache.rss.${stage}`), stage).to.be.greaterThan(10 * MIB);
    // Created as system:masters, the workspaces are cached only once touched as kcp-admin.
    const [before, after] = [
      metric(result, 'cache.entries.afterCreate'),
      metric(result, 'cache.entries.afterTouch'),
    ];
    expect(after! - before!).to.be.at.least(20);
    // Each holds the owner's ClusterRoleBinding, so every cached workspace adds one RBAC object.
    const objects =
      metric(result, 'cache.objects.afterTouch')! - metric(result, 'cache.objects.afterCreate')!;
    expect(objects).to.be.at.least(20);
    // RSS moves for reasons of its own; its sign is not asserted, its presence is.
    expect(metric(result, 'cache.rssPerCachedWorkspace')).to.be.a('number');
    expect(metric(result, 'cache.heapPerCachedWorkspace')).to.be.a('number');
    expect(result.notes.some((note) => /created as shard-admin .*system:masters/.test(note))).to.equal(true);
  });

  it('deletes every workspace it made', async () => {
    const response = await opened.target.root.get<{ items: Workspace[] }>(WORKSPACES_PATH);
    expect(response.status).to.equal(200);
    expect(
      response.body.items.map((item) => item.metadata.name).filter((name) => name?.startsWith('kh-bench-')),
    ).to.deep.equal([]);
  });

  it('takes its parameters from the command line', () => {
    const fromFlags = authorizationEntry.prepare({ bindings: [0, 10], workspaces: 0, duration: 3 });
    expect(fromFlags.parameters).to.include({ workspaces: 0, duration: 3 });
    expect(() => authorizationEntry.prepare({ bindings: [10, 0] })).to.throw(/ascending/);
  });
});
