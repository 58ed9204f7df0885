// End to end: the conformance harness against the reference server it spawns itself.
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConformanceReport } from '../reports/conformance/model.js';
import { REPORT_FILES } from '../reports/conformance/write.js';
import { parseReportYaml } from '../reports/conformance/yaml.js';
import { apiMachineryTests } from '../suites/api-machinery/index.js';
import { conformanceCommand } from '../suites/framework/command.js';
import { Feature } from '../suites/framework/features.js';
import { planConformance, runConformance } from '../suites/framework/run-conformance.js';
import { DEFAULT_PARALLEL } from '../suites/framework/schedule.js';
import { allTests } from '../suites/index.js';
import { logicalClusterIsolationTests } from '../suites/logical-cluster-isolation/index.js';
import { workspacesTests } from '../suites/workspaces/index.js';

/** The reference server is local: a workspace that is not Ready in 20 s never will be. */
const FAST = { workspaceReady: 20_000 };
/** A BOOKMARK every 2 s rather than every minute, so watch/bookmarks does not hold the run for one. */
const SERVER_ARGS = ['--watch-bookmark-interval', '2'];
const workspaceAreaTests = [...workspacesTests, ...logicalClusterIsolationTests];

describe('conformance against --target reference', function () {
  this.timeout(180_000);
  let dir: string;
  let report: ConformanceReport;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-conformance-'));
    // The reference server serves wildcard requests; discovery cannot show it, so we claim it.
    // No parallel option: the run uses DEFAULT_PARALLEL, as the command and npm start do.
    report = await runConformance({
      target: { kind: 'reference', serverArgs: SERVER_ARGS },
      addFeatures: [Feature.WildcardRequests],
      reportDir: dir,
      timeouts: FAST,
    });
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has no failures', () => {
    const failed = report.tests.filter((test) => test.result === 'failed');
    expect(failed.map((test) => `${test.id}: ${test.error}`)).to.deep.equal([]);
    expect(report.summary.failed).to.equal(0);
  });

  it('ran DEFAULT_PARALLEL tests at once and still reports them, and logs them, in plan order', async () => {
    expect(report.parameters.parallel).to.equal(DEFAULT_PARALLEL);
    expect(report.tests.map((test) => test.id)).to.deep.equal(allTests.map((test) => test.id));
    // conformance.log: a test's lines come after the result line of the test before it.
    const lines = (await readFile(join(dir, REPORT_FILES.log), 'utf8')).split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    report.tests.forEach((test, n) => {
      if (n === 0) return;
      const previous = report.tests[n - 1]!.id;
      expect(at(`[${test.id}] start: `), `${test.id} starts after ${previous} is reported`).to.be.above(
        at(`] [${n}/${report.tests.length}] PASS ${previous} (`),
      );
    });
  });

  it('passes --watch-bookmark-interval to the server: watch/bookmarks waits seconds, not a minute', () => {
    expect(report.target.describe).to.contain(`serve ${SERVER_ARGS.join(' ')}`);
    const bookmarks = report.tests.find((test) => test.id === 'watch/bookmarks');
    expect(bookmarks).to.include({ result: 'passed' });
    expect(bookmarks!.durationMs).to.be.below(30_000);
  });

  it('ran every test: the reference server has every feature the suites know', () => {
    const skipped = report.tests.filter((t) => t.result === 'skipped').map((t) => t.id);
    expect(skipped).to.deep.equal([]);
  });

  it('ran every api-machinery test (none skipped)', () => {
    for (const test of apiMachineryTests) {
      const result = report.tests.find((candidate) => candidate.id === test.id);
      expect(result, test.id).to.include({ result: 'passed' });
    }
  });

  it('runs exactly the tests whose features the target has; the rest are skipped naming what is missing', () => {
    const supported = new Set(report.features.supported);
    for (const test of report.tests) {
      const missing = test.features.filter((feature) => !supported.has(feature));
      if (missing.length === 0) {
        expect(test, test.id).to.include({ result: 'passed' });
      } else {
        expect(test, test.id).to.include({ result: 'skipped' });
        for (const feature of missing) expect(test.reason, test.id).to.contain(feature);
      }
    }
  });

  it('runs every test in a workspace of its own when the target has workspaces, else reports them skipped', () => {
    if (!report.features.supported.includes(Feature.Workspaces)) {
      // Until the reference server advertises tenancy.kcp.io: namespaces, and no workspace test runs.
      expect(report.fixture).to.include({ kind: 'namespace' });
      expect(report.fixture?.reason).to.contain(Feature.Workspaces);
      for (const test of workspaceAreaTests) {
        const result = report.tests.find((candidate) => candidate.id === test.id);
        expect(result, test.id).to.include({ result: 'skipped' });
        expect(result?.reason, test.id).to.contain(Feature.Workspaces);
      }
      return;
    }
    expect(report.fixture).to.include({ kind: 'workspace', runWorkspaceDeleted: true });
    const run = report.fixture?.runWorkspace ?? '';
    expect(run).to.match(/^root:kh-run-[a-z0-9-]+$/);
    expect(report.fixture?.kept).to.equal(undefined);
    for (const test of report.tests.filter((candidate) => candidate.result !== 'skipped')) {
      expect(test.scope?.workspace, test.id).to.match(new RegExp(`^${run}:kh-[a-z0-9-]+$`));
      expect(test.scope?.cluster, test.id).to.match(new RegExp(`/clusters/${run}:kh-[a-z0-9-]+$`));
    }
  });

  it('describes the target and the features it inferred', () => {
    expect(report.target).to.include({ kind: 'reference', context: 'root' });
    expect(report.target.server).to.match(/^https:\/\/.+\/clusters\/root$/);
    expect(report.features.source).to.equal('inferred');
    expect(report.features.supported).to.include.members([
      Feature.Namespaces,
      Feature.ConfigMaps,
      Feature.Watch,
    ]);
    expect(report.implementation.version).to.not.equal('unknown');
  });

  it('wrote the four report files, and they parse', async () => {
    const yaml = parseReportYaml(await readFile(join(dir, REPORT_FILES.yaml), 'utf8'));
    expect(yaml).to.deep.equal(report);
    const junit = await readFile(join(dir, REPORT_FILES.junit), 'utf8');
    expect(junit.match(/<testcase /g)).to.have.length(report.tests.length);
    const html = await readFile(join(dir, REPORT_FILES.html), 'utf8');
    expect(html).to.contain(`<span class="badge ${report.summary.result}">${report.summary.result}</span>`);
    for (const test of report.tests) expect(html).to.contain(`>${test.id}</code>`);
    const log = await readFile(join(dir, REPORT_FILES.log), 'utf8');
    expect(log).to.contain('[target stdout]');
    expect(log).to.match(/reference server pid \d+ exited/);
  });

  it('reports a test whose feature is not claimed as skipped, not passed', async () => {
    const partial = await runConformance({
      target: { kind: 'reference' },
      features: [Feature.Discovery, Feature.Namespaces, Feature.ConfigMaps, Feature.LabelSelectors],
      focus: /watch-events|configmap-crud/,
      reportDir: null,
    });
    const byId = new Map(partial.tests.map((test) => [test.id, test]));
    expect(byId.get('api-machinery/watch-events-in-order')).to.include({ result: 'skipped' });
    expect(byId.get('api-machinery/watch-events-in-order')?.reason).to.contain('Watch');
    expect(byId.get('api-machinery/configmap-crud')).to.include({ result: 'passed' });
    expect(partial.features.source).to.equal('claimed');
    expect(partial.summary).to.include({ passed: 1, failed: 0, result: 'partial' });
  });

  it('--dry-run lists every test with its decision, without a target when features are claimed', async () => {
    let out = '';
    let code: number | undefined;
    const command = conformanceCommand({
      out: (text) => (out += text),
      err: (text) => (out += text),
      setExitCode: (value) => (code = value),
      exit: (value) => {
        throw new Error(`exit ${value}`);
      },
    });
    // A kubeconfig that does not exist proves the target is never contacted.
    await command.parseAsync(
      ['--dry-run', '--features', 'Namespaces,ConfigMaps', '--kubeconfig', '/nonexistent'],
      { from: 'user' },
    );
    expect(code).to.equal(0);
    for (const test of allTests) expect(out).to.match(new RegExp(`^(RUN|SKIP) +${test.id} `, 'm'));
    expect(out).to.match(
      /^SKIP +api-machinery\/watch-events-in-order +feature not supported by the target: Watch$/m,
    );
  });

  it('plans with features inferred from the reference server when none are claimed', async () => {
    const { features, plan } = await planConformance({ target: { kind: 'reference' } });
    expect(features.source).to.equal('inferred');
    expect(plan).to.have.length(allTests.length);
    for (const { test, decision } of plan) {
      const runnable = test.features.every((feature) => features.supported.includes(feature));
      expect(decision.run, test.id).to.equal(runnable);
    }
    for (const test of apiMachineryTests) {
      expect(plan.find((planned) => planned.test.id === test.id)?.decision.run, test.id).to.equal(true);
    }
  });
});
