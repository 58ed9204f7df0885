// The conformance report: one typed value that every renderer (YAML, JUnit, HTML) reads.
// Modelled on Gateway API's ConformanceReport (GEP-1709): implementation metadata, the
// features claimed/inferred, counts per feature and a result per test. Feature names are
// plain strings here so that the report layer does not depend on the suites.

export const REPORT_API_VERSION = 'kcp-harness.io/v1alpha1';
export const REPORT_KIND = 'ConformanceReport';

export type TestResultKind = 'passed' | 'failed' | 'skipped';

/** success: nothing failed or skipped; partial: something skipped; failure: something failed. */
export type RunResult = 'success' | 'partial' | 'failure';

export type Level = 'MUST' | 'SHOULD';

export interface ImplementationInfo {
  name: string;
  version: string;
}

export interface TargetInfo {
  /** reference | kubeconfig | (later) kcp-binary | container */
  kind: string;
  /** Human-readable one-liner, e.g. "reference server (pid 1234)". */
  describe: string;
  /** Base URL of the workspace under test, e.g. https://127.0.0.1:6443/clusters/root. */
  server: string;
  context: string;
}

export interface SuiteInfo {
  name: string;
  version: string;
  gitCommit?: string;
}

export interface FeatureSummary {
  /**
   * claimed: taken from --features alone; inferred: read from the target's discovery, plus any
   * named with --add-features (listed under claimed).
   */
  source: 'claimed' | 'inferred';
  claimed: string[];
  inferred: string[];
  supported: string[];
  /** How each feature was decided, one per known feature (absent in reports of older versions). */
  decisions?: FeatureDecision[];
}

/** How one feature came to be supported or not. */
export interface FeatureDecision {
  feature: string;
  supported: boolean;
  /** claimed: by a flag (--features, --add-features); inferred: by asking the target. */
  decidedBy: 'claimed' | 'inferred';
  /** The flag that decided a claimed feature: named in it, or left out of --features. */
  flag?: '--features' | '--add-features';
  /**
   * Why, e.g. "discovery lists apiextensions.k8s.io/v1 customresourcedefinitions: create, get,
   * delete" or "watch-list probe stream's first event was ERROR: ...". For a claimed feature, what
   * the flag says, then what inference saw when it ran.
   */
  evidence: string;
  /** For a claimed feature: what inference concluded; absent when it did not run or has no rule. */
  inferred?: boolean;
}

/** A workspace left in place for a failed test (--keep-on-failure). */
export interface KeptWorkspaceInfo {
  test: string;
  path: string;
  url: string;
}

/** Where the tests ran. */
export interface FixtureInfo {
  /**
   * workspace: each test in a fresh workspace under one run workspace;
   * namespace: each test in a fresh namespace of the context's workspace.
   */
  kind: 'workspace' | 'namespace';
  describe: string;
  /** Why this kind was chosen, e.g. "the target lacks the Workspaces feature". */
  reason: string;
  /** Path of the run-scoped parent workspace (workspace fixture). */
  runWorkspace?: string;
  /**
   * Whether the run workspace was deleted at the end; false when it was kept because a failed
   * test's workspace is inside it, or when its deletion failed (the log says which).
   */
  runWorkspaceDeleted?: boolean;
  kept?: KeptWorkspaceInfo[];
}

/**
 * Who the tests acted as when they needed users other than the run's identity (RBAC tests).
 * impersonation: made-up users (kh-<run id>-user-<n>) impersonated by an identity of the
 * kubeconfig; users-kubeconfig: users with their own credentials (--users-kubeconfig); none:
 * neither was available, so tests that need users were skipped saying why.
 */
export interface TestUsersInfo {
  source: 'impersonation' | 'users-kubeconfig' | 'none';
  /** One line for people, e.g. "impersonated by shard-admin". */
  describe: string;
  /** impersonation: the user name of the identity that impersonates. */
  impersonator?: string;
  /**
   * impersonation: whether the server scopes impersonated users to the workspace of each request
   * (kcp does for an impersonator outside system:masters).
   */
  scoped?: boolean;
  /** users-kubeconfig: the file. */
  kubeconfig?: string;
  /** The user names tests were handed, in position order. */
  users: string[];
  /** none: why no users were available. */
  reason?: string;
}

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface RunSummary extends Counts {
  total: number;
  result: RunResult;
  /** True when the run was stopped (e.g. Ctrl-C) before every test had a chance to run. */
  interrupted: boolean;
  durationMs: number;
}

export interface FeatureResult extends Counts {
  feature: string;
  supported: boolean;
}

/** Where a test ran: the workspace URL and namespace its fixture gave it. */
export interface TestScopeInfo {
  cluster: string;
  namespace: string;
  /** The path of the test's own workspace (workspace fixture). */
  workspace?: string;
  /** True when the test failed and its workspace was kept (--keep-on-failure). */
  kept?: boolean;
}

export interface TestReport {
  id: string;
  area: string;
  description: string;
  level: Level;
  features: string[];
  source: string[];
  result: TestResultKind;
  /** Why a test was skipped. */
  reason?: string;
  /** The failure message of a failed test. */
  error?: string;
  durationMs: number;
  scope?: TestScopeInfo;
}

/** The settings the run used, so a person can reproduce it. */
export interface RunParameters {
  focus?: string;
  skip?: string;
  /** Set when --keep-on-failure was given. */
  keepOnFailure?: boolean;
  /** How many tests could run at once (--parallel); absent in reports of older versions. */
  parallel?: number;
  timeoutsSeconds: Record<string, number>;
}

export interface ConformanceReport {
  apiVersion: typeof REPORT_API_VERSION;
  kind: typeof REPORT_KIND;
  date: string;
  implementation: ImplementationInfo;
  target: TargetInfo;
  suite: SuiteInfo;
  parameters: RunParameters;
  features: FeatureSummary;
  /** Absent only when the run stopped before a fixture was chosen. */
  fixture?: FixtureInfo;
  /** Absent only when the run stopped before test users were settled. */
  users?: TestUsersInfo;
  summary: RunSummary;
  featureResults: FeatureResult[];
  tests: TestReport[];
}
