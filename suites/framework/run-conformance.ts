// One conformance run from start to end: start or connect to the target, decide the supported
// features, plan, run every planned test in its fixture, stop the target, write the report.
// The report is written even when the run is interrupted; a run that could not start leaves
// at least conformance.log behind.
import { performance } from 'node:perf_hooks';
import type {
  ConformanceReport,
  FeatureSummary,
  FixtureInfo,
  TargetInfo,
} from '../../reports/conformance/model.js';
import { writeReportFiles, writeRunLog } from '../../reports/conformance/write.js';
import { allTests } from '../index.js';
import { buildReport } from './build-report.js';
import { validateTests, type ConformanceTest } from './conformance-test.js';
import {
  decideFeatures,
  describeDecision,
  impersonationDecision,
  privilegedIdentityDecision,
} from './feature-decisions.js';
import { inferFeatures, type InferenceDecision } from './feature-inference.js';
import { Feature, type FeatureName } from './features.js';
import type { Fixture } from './fixtures/fixture.js';
import { namespaceFixture } from './fixtures/namespace.js';
import { openWorkspaceFixture } from './fixtures/workspace.js';
import type { ClusterClient } from './http/client.js';
import { loadConnection } from './http/connection.js';
import { currentRetryScope, describeRetries, newRetryCounter, withRetryScope } from './http/retry.js';
import { implementationInfo } from './implementation-info.js';
import { randomSuffix } from './names.js';
import { createRunLog, type RunLog } from './run-log.js';
import { describeError, runPlan, type TestOutcome } from './runner.js';
import { DEFAULT_PARALLEL, describeSchedule } from './schedule.js';
import { planTests, type PlannedTest } from './selection.js';
import { suiteInfo } from './suite-info.js';
import { createTarget } from './target/create.js';
import { findPrivilegedIdentity, whoAmI, type PrivilegedIdentity } from './target/privileged.js';
import type { Target, TargetSpec } from './target/target.js';
import { resolveTimeouts, timeoutsInSeconds, type Timeouts } from './timeouts.js';
import {
  findImpersonator,
  type ImpersonationCandidate,
  type ImpersonationSearch,
} from './users/impersonation.js';
import { openUserPool } from './users/open-pool.js';
import type { UserPool } from './users/test-users.js';
import { tokenClients, type TokenClients } from './users/token-client.js';

export const DEFAULT_REPORT_DIR = 'reports/latest';

export interface ConformanceOptions {
  target: TargetSpec;
  /** Claimed features (--features). When absent they are inferred from the target's discovery. */
  features?: readonly FeatureName[];
  /** Features claimed on top of the inferred ones (--add-features); ignored when features is given. */
  addFeatures?: readonly FeatureName[];
  /** Keep the workspaces of failed tests, and so the run workspace (--keep-on-failure). */
  keepOnFailure?: boolean;
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
  /** Aborting starts no more tests and stops the running ones; the partial report is still written. */
  signal?: AbortSignal;
  /** How many tests may run at once (--parallel; schedule.ts); default DEFAULT_PARALLEL. */
  parallel?: number;
  /** Progress lines such as "[3/10] PASS api-machinery/configmap-crud (120 ms)". */
  onProgress?: (line: string) => void;
  /** Every conformance.log line as it is written. */
  onLog?: (line: string) => void;
  /** The tests to choose from; default: every registered suite (suites/index.ts). */
  tests?: readonly ConformanceTest[];
  /**
   * A kubeconfig whose contexts are test users with their own credentials (--users-kubeconfig);
   * without it test users are impersonated by an identity of the target's kubeconfig.
   */
  usersKubeconfig?: string;
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

interface Discovery {
  features: FeatureSummary;
  identity?: PrivilegedIdentity;
  impersonation: ImpersonationSearch;
}

/**
 * Who may impersonate test users: the system:masters identity first (kcp leaves the users it
 * impersonates unscoped), then the context's own identity.
 */
async function searchImpersonator(
  client: ClusterClient,
  identity: PrivilegedIdentity | undefined,
  signal?: AbortSignal,
): Promise<ImpersonationSearch> {
  const self = await whoAmI(client, signal).catch(() => undefined);
  const candidates: ImpersonationCandidate[] = [
    ...(identity ? [{ name: identity.username, clientAt: identity.clientAt }] : []),
    { name: self?.username ?? 'the context user', clientAt: (baseUrl: string) => client.at(baseUrl) },
  ];
  return findImpersonator(candidates, client.baseUrl, signal);
}

/**
 * Decides the supported features: inferred from discovery (plus PrivilegedIdentity when the
 * kubeconfig holds a system:masters identity, plus --add-features), or exactly the claimed ones.
 * The privileged identity is looked for either way, since tests reach it through ctx.privileged().
 */
async function discover(target: Target, options: ConformanceOptions, log: RunLog): Promise<Discovery> {
  const { signal } = options;
  const client = target.client();
  const claimed = options.features;
  const search = await findPrivilegedIdentity({
    kubeconfigPath: target.kubeconfigPath,
    workspaceUrl: client.baseUrl,
    timeouts: resolveTimeouts(options.timeouts),
    signal,
  }).catch((error: unknown) => ({
    identity: undefined,
    evidence: [`search failed: ${describeError(error)}`],
  }));
  for (const line of search.evidence) log.write('harness', `privileged identity: ${line}`);
  const impersonation = await searchImpersonator(client, search.identity, signal);
  for (const line of impersonation.evidence) log.write('harness', `impersonation: ${line}`);

  let inferred: InferenceDecision[] | undefined;
  let inferenceNote: string | undefined;
  try {
    const result = await inferFeatures(client, signal);
    for (const line of result.evidence) log.write('harness', `discovery: ${line}`);
    inferred = [
      ...result.decisions,
      privilegedIdentityDecision(search.identity !== undefined, search.evidence),
      impersonationDecision(impersonation.impersonator !== undefined, impersonation.evidence),
    ];
  } catch (error) {
    // Inference is only needed when nothing was claimed; with claims it is a cross-check.
    if (!claimed) {
      search.identity?.close();
      throw error;
    }
    inferenceNote = `inference failed: ${describeError(error)}`;
    log.write('harness', `feature inference failed (claimed features are used): ${describeError(error)}`);
  }
  // feature-decisions.ts: every feature with how it was decided and the evidence.
  const features = decideFeatures({ claimed, added: options.addFeatures, inferred, inferenceNote });
  for (const decision of features.decisions ?? []) log.write('harness', describeDecision(decision));
  if (claimed) {
    const unadvertised = claimed.filter((feature) => !features.inferred.includes(feature));
    if (unadvertised.length > 0)
      log.write('harness', `claimed but not seen in discovery: ${unadvertised.join(', ')}`);
  }
  return { identity: search.identity, impersonation, features };
}

/** A workspace per test when the target has workspaces, else a namespace per test. */
async function chooseFixture(
  client: ClusterClient,
  features: FeatureSummary,
  options: ConformanceOptions,
  runId: string,
  log: RunLog,
): Promise<Fixture> {
  const timeouts = resolveTimeouts(options.timeouts);
  if (!features.supported.includes(Feature.Workspaces)) {
    const reason =
      features.source === 'claimed'
        ? 'the Workspaces feature is not among the claimed features'
        : 'the target lacks the Workspaces feature (no tenancy.kcp.io workspaces in discovery)';
    log.write('harness', `fixture: namespaces, because ${reason}`);
    return namespaceFixture({ client, runId, timeouts, log, reason });
  }
  return openWorkspaceFixture({
    client,
    runId,
    timeouts,
    keepOnFailure: options.keepOnFailure ?? false,
    log,
    signal: options.signal,
  });
}

function claimedOnly(claimed: readonly FeatureName[]): FeatureSummary {
  return decideFeatures({ claimed, inferenceNote: 'inference did not run' });
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
    const { features, identity } = await discover(target, options, log);
    identity?.close();
    return select(features);
  } finally {
    await target.stop();
  }
}

/** Runs the selected tests against the target and returns the report (also written to reportDir). */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const log = createRunLog(options.onLog);
  // Every HTTP retry of the run, by the harness or a test, is counted and logged (http/retry.ts).
  const retries = {
    source: 'harness',
    write: (source: string, message: string) => log.write(source, message),
    counter: newRetryCounter(),
  };
  return withRetryScope(retries, () => runWithLog(options, log));
}

async function runWithLog(options: ConformanceOptions, log: RunLog): Promise<ConformanceReport> {
  const startedAt = new Date();
  const started = performance.now();
  const timeouts = resolveTimeouts(options.timeouts);
  const reportDir = options.reportDir === undefined ? DEFAULT_REPORT_DIR : options.reportDir;
  const { signal } = options;
  const tests = checkedTests(options);
  const suite = await suiteInfo();
  const parameters = {
    ...(options.focus ? { focus: options.focus.source } : {}),
    ...(options.skip ? { skip: options.skip.source } : {}),
    ...(options.keepOnFailure ? { keepOnFailure: true } : {}),
    parallel: options.parallel ?? DEFAULT_PARALLEL,
    timeoutsSeconds: timeoutsInSeconds(timeouts),
  };
  log.write(
    'harness',
    `${suite.name} ${suite.version}${suite.gitCommit ? ` (${suite.gitCommit})` : ''}: conformance run`,
  );
  log.write('harness', `timeouts (s): ${JSON.stringify(parameters.timeoutsSeconds)}`);

  let target: Target | undefined;
  let identity: PrivilegedIdentity | undefined;
  let users: UserPool | undefined;
  let tokens: TokenClients | undefined;
  const closeIdentities = (): void => {
    users?.close();
    tokens?.close();
    identity?.close();
  };
  try {
    target = await createTarget(options.target, { timeouts, log, signal });
    log.write('harness', `target: ${target.describe}`);
    const client = target.client();
    const discovered = await discover(target, options, log);
    const { features } = discovered;
    identity = discovered.identity;
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
    const supported = new Set(features.supported as FeatureName[]);
    users = await openUserPool({
      usersKubeconfig: options.usersKubeconfig,
      impersonator: discovered.impersonation.impersonator,
      impersonationEvidence: discovered.impersonation.evidence,
      runId,
      workspaceUrl: client.baseUrl,
      timeouts,
      log,
      signal,
    });
    tokens = tokenClients(await loadConnection(target.kubeconfigPath, target.context), timeouts);
    const fixture = await chooseFixture(client, features, options, runId, log);
    log.write(
      'harness',
      `run ${runId}: ${plan.filter((p) => p.decision.run).length} of ${plan.length} tests, ${fixture.describe}`,
    );
    log.write('harness', describeSchedule(plan, parameters.parallel));
    let outcomes: TestOutcome[];
    try {
      outcomes = await runPlan(plan, {
        fixture,
        timeouts,
        features: supported,
        log,
        privileged: identity?.clientAt,
        users,
        tokenClients: tokens,
        signal,
        onProgress: options.onProgress,
        parallel: parameters.parallel,
      });
    } finally {
      await fixture.close();
    }
    const fixtureInfo: FixtureInfo = fixture.info();
    for (const kept of fixtureInfo.kept ?? [])
      log.write('harness', `kept workspace of failed test ${kept.test}: ${kept.path} (${kept.url})`);
    const info = targetInfo(options.target, target);
    const usersInfo = users.info();
    const retried = currentRetryScope()?.counter;
    if (retried) log.write('harness', `HTTP retries in this run: ${describeRetries(retried)}`);
    // Stop before writing, so the log ends with the target's shutdown.
    closeIdentities();
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
      fixture: fixtureInfo,
      users: usersInfo,
      outcomes,
    });
    if (reportDir !== null) await writeReportFiles(reportDir, report, log.text());
    return report;
  } catch (error) {
    log.write('harness', `run failed: ${describeError(error)}`);
    closeIdentities();
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
    closeIdentities();
    await target?.stop();
  }
}
