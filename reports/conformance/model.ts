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
  /** claimed: taken from --features; inferred: read from the target's discovery. */
  source: 'claimed' | 'inferred';
  claimed: string[];
  inferred: string[];
  supported: string[];
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
  summary: RunSummary;
  featureResults: FeatureResult[];
  tests: TestReport[];
}
