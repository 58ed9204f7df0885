// Two reports that differ in every way the conformance diff groups tests, built from the sample
// report; the diff, renderer and command tests share them.
import type { ConformanceReport, TestReport, TestResultKind } from './model.js';
import { sampleReport } from './sample-report.js';
import { countResults, featureResults, runResult } from './summary.js';

type Outcome = TestResultKind | [TestResultKind, string];

/** A test in the sample report's shape; the text of a failed test is its error, of a skipped one its reason. */
export function sampleTest(id: string, outcome: Outcome, features: string[] = ['ConfigMaps']): TestReport {
  const [result, text] = typeof outcome === 'string' ? [outcome, undefined] : outcome;
  const test: TestReport = {
    id,
    area: id.split('/')[0] ?? id,
    description: `${id} MUST behave.`,
    level: 'MUST',
    features,
    source: ['kubernetes: test/e2e/common/node/configmap.go'],
    result,
    durationMs: 10,
  };
  if (text !== undefined && result === 'failed') test.error = text;
  if (text !== undefined && result === 'skipped') test.reason = text;
  return test;
}

/** The sample report with these tests and features; summary and feature counts derived from them. */
export function reportWith(
  tests: TestReport[],
  features: Partial<ConformanceReport['features']> = {},
  name = 'sample',
): ConformanceReport {
  const report = sampleReport();
  report.implementation = { name, version: 'v1.0.0' };
  // Decisions only when given: the sample's describe other features, and reports of older
  // versions have none.
  const { decisions: _sampleDecisions, ...lists } = report.features;
  report.features = { ...lists, ...features };
  report.tests = tests;
  const counts = countResults(tests);
  report.summary = { ...report.summary, ...counts, total: tests.length, result: runResult(counts) };
  report.featureResults = featureResults(tests, report.features.supported);
  return report;
}

const WILDCARD_SKIP = 'feature not supported by the target: WildcardRequests';

/** A: the baseline. Test ids say which group each lands in. */
export function baselineReport(): ConformanceReport {
  return reportWith(
    [
      sampleTest('a/same-pass', 'passed'),
      sampleTest('a/same-skip', ['skipped', 'excluded by --skip same']),
      sampleTest('a/regressed', 'passed'),
      sampleTest('a/skipped-on-b', 'passed', ['ConfigMaps', 'WildcardRequests']),
      sampleTest('a/fixed-on-b', ['failed', 'expected 404, got 500']),
      sampleTest('a/skip-vs-fail', ['failed', 'timed out\nafter 10s'], ['ConfigMaps', 'WildcardRequests']),
      sampleTest('a/fails-on-both', ['failed', 'A: expected Conflict']),
      sampleTest('a/gone-passed', 'passed'),
      sampleTest('a/gone-failed', ['failed', 'boom']),
    ],
    {
      source: 'inferred',
      claimed: ['WildcardRequests'],
      inferred: ['ConfigMaps', 'Namespaces'],
      supported: ['ConfigMaps', 'Namespaces', 'WildcardRequests'],
      decisions: [
        {
          feature: 'ConfigMaps',
          supported: true,
          decidedBy: 'inferred',
          evidence: 'discovery lists v1 configmaps',
        },
        {
          feature: 'Namespaces',
          supported: true,
          decidedBy: 'inferred',
          evidence: 'discovery lists v1 namespaces',
        },
        {
          feature: 'WildcardRequests',
          supported: true,
          decidedBy: 'claimed',
          flag: '--add-features',
          evidence: 'named in --add-features; inference: no rule decides it',
        },
      ],
    },
    'kcp',
  );
}

/**
 * B: the other side, without WildcardRequests and with Namespaces claimed rather than inferred;
 * from a version that recorded no per-feature decisions.
 */
export function otherReport(): ConformanceReport {
  return reportWith(
    [
      sampleTest('a/same-pass', 'passed'),
      sampleTest('a/same-skip', ['skipped', 'excluded by --skip same']),
      sampleTest('a/regressed', ['failed', 'expected 200, got 403\nsecond line of the error']),
      sampleTest('a/skipped-on-b', ['skipped', WILDCARD_SKIP], ['ConfigMaps', 'WildcardRequests']),
      sampleTest('a/fixed-on-b', 'passed'),
      sampleTest('a/skip-vs-fail', ['skipped', WILDCARD_SKIP], ['ConfigMaps', 'WildcardRequests']),
      sampleTest('a/fails-on-both', ['failed', 'B: expected Conflict']),
      sampleTest('b/new', 'passed'),
    ],
    {
      source: 'claimed',
      claimed: ['ConfigMaps', 'Namespaces'],
      inferred: ['ConfigMaps'],
      supported: ['ConfigMaps', 'Namespaces'],
    },
    'alternative',
  );
}
