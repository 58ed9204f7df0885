// Turns the runner's outcomes plus the run's metadata into the report model. Counts are derived
// from the per-test results (reports/conformance/summary.ts), never tracked on the side.
import {
  REPORT_API_VERSION,
  REPORT_KIND,
  type ConformanceReport,
  type FeatureSummary,
  type FixtureInfo,
  type ImplementationInfo,
  type RunParameters,
  type SuiteInfo,
  type TargetInfo,
  type TestReport,
  type TestUsersInfo,
} from '../../reports/conformance/model.js';
import { countResults, featureResults, runResult } from '../../reports/conformance/summary.js';
import type { TestOutcome } from './runner.js';

export interface ReportInput {
  startedAt: Date;
  durationMs: number;
  interrupted: boolean;
  implementation: ImplementationInfo;
  target: TargetInfo;
  suite: SuiteInfo;
  parameters: RunParameters;
  features: FeatureSummary;
  /** Absent when the run stopped before a fixture was chosen. */
  fixture?: FixtureInfo;
  /** Absent when the run stopped before test users were settled. */
  users?: TestUsersInfo;
  outcomes: readonly TestOutcome[];
}

function testReport(outcome: TestOutcome): TestReport {
  const { test } = outcome;
  const report: TestReport = {
    id: test.id,
    area: test.area,
    description: test.description,
    level: test.level,
    features: [...test.features],
    source: [...test.source],
    result: outcome.result,
    durationMs: outcome.durationMs,
  };
  // Only set what is known, so the YAML has no null noise and round-trips exactly.
  if (outcome.reason !== undefined) report.reason = outcome.reason;
  if (outcome.error !== undefined) report.error = outcome.error;
  if (outcome.scope !== undefined) report.scope = { ...outcome.scope };
  return report;
}

export function buildReport(input: ReportInput): ConformanceReport {
  const tests = input.outcomes.map(testReport);
  const counts = countResults(tests);
  return {
    apiVersion: REPORT_API_VERSION,
    kind: REPORT_KIND,
    date: input.startedAt.toISOString(),
    implementation: input.implementation,
    target: input.target,
    suite: input.suite,
    parameters: input.parameters,
    features: input.features,
    ...(input.fixture ? { fixture: input.fixture } : {}),
    ...(input.users ? { users: input.users } : {}),
    summary: {
      total: tests.length,
      ...counts,
      result: runResult(counts),
      interrupted: input.interrupted,
      durationMs: Math.round(input.durationMs),
    },
    featureResults: featureResults(tests, input.features.supported),
    tests,
  };
}
