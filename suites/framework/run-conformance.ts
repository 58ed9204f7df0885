// One conformance run from start to end: start or connect to the target, decide the supported
// features, plan, run every planned test in its fixture, stop the target, write the report.
// The report is written even when the run is interrupted; a run that could not start leaves
// at least conformance.log behind.
import { performance } from 'node:perf_hooks';
import type { ConformanceReport, FeatureSummary, TargetInfo } from '../../reports/conformance/model.js';
import { writeReportFiles, writeRunLog } from '../../reports/conformance/write.js';
import { allTests } from '../index.js';
import { buildReport } from './build-report.js';
import { validateTests, type ConformanceTest } from './conformance-test.js';
import { inferFeatures } from './feature-inference.js';
import type { FeatureName } from './features.js';
import { namespaceFixture } from './fixtures/namespace.js';
import type { ClusterClient } from './http/client.js';
import { implementationInfo } from './implementation-info.js';
import { randomSuffix } from './names.js';
import { createRunLog, type RunLog } from './run-log.js';
import { describeError, runPlan, type TestOutcome } from './runner.js';
import { planTests, type PlannedTest } from './selection.js';
import { suiteInfo } from './suite-info.js';
import { createTarget } from './target/create.js';
import type { Target, TargetSpec } from './target/target.js';
import { resolveTimeouts, timeoutsInSeconds, type Timeouts } from './timeouts.js';

export const DEFAULT_REPORT_DIR = 'reports/latest';

export interface ConformanceOptions {
  target: TargetSpec;
  /** Claimed features (--features). When absent they are inferred from the target's discovery. */
  features?: readonly FeatureName[];
  /** Only test ids matching this run (--focus). */
  focus?: RegExp;
  /** Test ids matching this do not run (--skip). */
  skip?: RegExp;
  /** Milliseconds; unspecified ones keep their defaults. */
  timeouts?: Partial<Timeouts>;
  /** Where the report files go; null writes none. Default reports/latest (relative to the cwd). */
  reportDir?: string | null;
  implementationName?: string;
  implementationVersion?: string;
  /** Aborting stops the run after the current test; the partial report is still written. */
  signal?: AbortSignal;
  /** Progress lines such as "[3/10] PASS api-machinery/configmap-crud (120 ms)". */
  onProgress?: (line: string) => void;
  /** Every conformance.log line as it is written. */
  onLog?: (line: string) => void;
  /** The tests to choose from; default: every registered suite (suites/index.ts). */
  tests?: readonly ConformanceTest[];
}

export interface ConformancePlan {
  features: FeatureSummary;
  plan: PlannedTest[];
}

function checkedTests(options: ConformanceOptions): readonly ConformanceTest[] {
  const tests = options.tests ?? allTests;
  const problems = validateTests(tests);
  if (problems.length > 0) throw new Error(`invalid test declarations:\n  ${problems.join('\n  ')}`);
  return tests;
}

async function resolveFeatures(
  client: ClusterClient,
  claimed: readonly FeatureName[] | undefined,
  log: RunLog,
  signal?: AbortSignal,
): Promise<FeatureSummary> {
  let inferred: FeatureName[] = [];
  try {
    const result = await inferFeatures(client, signal);
    inferred = result.features;
    for (const line of result.evidence) log.write('harness', `discovery: ${line}`);
  } catch (error) {
    // Inference is only needed when nothing was claimed; with claims it is a cross-check.
    if (!claimed) throw error;
    log.write('harness', `feature inference failed (claimed features are used): ${describeError(error)}`);
  }
  if (!claimed) return { source: 'inferred', claimed: [], inferred, supported: [...inferred] };
  const unadvertised = claimed.filter((feature) => !inferred.includes(feature));
  if (unadvertised.length > 0)
    log.write('harness', `claimed but not seen in discovery: ${unadvertised.join(', ')}`);
  return { source: 'claimed', claimed: [...claimed], inferred, supported: [...claimed] };
}

function claimedOnly(claimed: readonly FeatureName[]): FeatureSummary {
  return { source: 'claimed', claimed: [...claimed], inferred: [], supported: [...claimed] };
}

function targetInfo(spec: TargetSpec, target: Target | undefined): TargetInfo {
  if (target) {
    return {
      kind: target.kind,
      describe: target.describe,
      server: target.client().baseUrl,
      context: target.context,
    };
  }
  const context = spec.kind === 'kubeconfig' ? (spec.context ?? '') : 'root';
  return { kind: spec.kind, describe: 'not started', server: '', context };
}

/**
 * Decides which tests would run and why not, for --dry-run. With claimed features the target
 * is not contacted at all; otherwise it is started (or connected to) for discovery only.
 */
export async function planConformance(options: ConformanceOptions): Promise<ConformancePlan> {
  const tests = checkedTests(options);
  const select = (features: FeatureSummary): ConformancePlan => ({
    features,
    plan: planTests(tests, {
      supported: new Set(features.supported as FeatureName[]),
      focus: options.focus,
      skip: options.skip,
    }),
  });
  if (options.features) return select(claimedOnly(options.features));
  const log = createRunLog(options.onLog);
  const target = await createTarget(options.target, {
    timeouts: resolveTimeouts(options.timeouts),
    log,
    signal: options.signal,
  });
  try {
    return select(await resolveFeatures(target.client(), undefined, log, options.signal));
  } finally {
    await target.stop();
  }
}

/** Runs the selected tests against the target and returns the report (also written to reportDir). */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const startedAt = new Date();
  const started = performance.now();
  const timeouts = resolveTimeouts(options.timeouts);
  const reportDir = options.reportDir === undefined ? DEFAULT_REPORT_DIR : options.reportDir;
  const { signal } = options;
  const log = createRunLog(options.onLog);
  const tests = checkedTests(options);
  const suite = await suiteInfo();
  const parameters = {
    ...(options.focus ? { focus: options.focus.source } : {}),
    ...(options.skip ? { skip: options.skip.source } : {}),
    timeoutsSeconds: timeoutsInSeconds(timeouts),
  };
  log.write(
    'harness',
    `${suite.name} ${suite.version}${suite.gitCommit ? ` (${suite.gitCommit})` : ''}: conformance run`,
  );
  log.write('harness', `timeouts (s): ${JSON.stringify(parameters.timeoutsSeconds)}`);

  let target: Target | undefined;
  try {
    target = await createTarget(options.target, { timeouts, log, signal });
    log.write('harness', `target: ${target.describe}`);
    const client = target.client();
    const features = await resolveFeatures(client, options.features, log, signal);
    log.write(
      'harness',
      `supported features (${features.source}): ${features.supported.join(', ') || 'none'}`,
    );
    const plan = planTests(tests, {
      supported: new Set(features.supported as FeatureName[]),
      focus: options.focus,
      skip: options.skip,
    });
    const implementation = await implementationInfo(client, target.kind, options, log, signal);
    log.write('harness', `implementation: ${implementation.name} ${implementation.version}`);
    const runId = `${startedAt.getTime().toString(36)}-${randomSuffix()}`;
    const fixture = namespaceFixture({ client, runId, log });
    log.write(
      'harness',
      `run ${runId}: ${plan.filter((p) => p.decision.run).length} of ${plan.length} tests, ${fixture.describe}`,
    );
    const outcomes = await runPlan(plan, {
      fixture,
      timeouts,
      features: new Set(features.supported as FeatureName[]),
      log,
      signal,
      onProgress: options.onProgress,
    });
    await fixture.close();
    const info = targetInfo(options.target, target);
    // Stop before writing, so the log ends with the target's shutdown.
    await target.stop();
    const report = buildReport({
      startedAt,
      durationMs: performance.now() - started,
      interrupted: signal?.aborted ?? false,
      implementation,
      target: info,
      suite,
      parameters,
      features,
      outcomes,
    });
    if (reportDir !== null) await writeReportFiles(reportDir, report, log.text());
    return report;
  } catch (error) {
    log.write('harness', `run failed: ${describeError(error)}`);
    await target?.stop();
    if (!signal?.aborted) {
      if (reportDir !== null) await writeRunLog(reportDir, log.text());
      throw error;
    }
    // Interrupted before any test ran (e.g. Ctrl-C while the target starts): report every test
    // as skipped rather than leaving no report at all.
    const outcomes: TestOutcome[] = tests.map((test) => ({
      test,
      result: 'skipped',
      reason: 'run interrupted before this test started',
      durationMs: 0,
    }));
    const report = buildReport({
      startedAt,
      durationMs: performance.now() - started,
      interrupted: true,
      implementation: {
        name: options.implementationName ?? 'unknown',
        version: options.implementationVersion ?? 'unknown',
      },
      target: targetInfo(options.target, undefined),
      suite,
      parameters,
      features: claimedOnly(options.features ?? []),
      outcomes,
    });
    if (reportDir !== null) await writeReportFiles(reportDir, report, log.text());
    return report;
  } finally {
    await target?.stop();
  }
}
