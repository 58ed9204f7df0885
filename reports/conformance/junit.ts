// junit.xml for CI systems: one <testsuite> per area, one <testcase> per test, with <failure>
// and <skipped> children. Skipped tests stay in the file so CI shows them as skipped, not absent.
import { escapeMarkup as esc } from './escape.js';
import type { ConformanceReport, TestReport } from './model.js';
import { countResults } from './summary.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function testcase(test: TestReport): string {
  const open = `    <testcase name="${esc(test.id)}" classname="${esc(test.area)}" time="${seconds(test.durationMs)}"`;
  if (test.result === 'passed') return `${open}/>`;
  if (test.result === 'skipped') {
    return `${open}>\n      <skipped message="${esc(test.reason ?? 'skipped')}"/>\n    </testcase>`;
  }
  const message = test.error ?? 'failed';
  const firstLine = message.split('\n', 1)[0] ?? message;
  return [
    `${open}>`,
    `      <failure message="${esc(firstLine)}" type="AssertionError">${esc(message)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/**
 * Run-wide facts a CI reader may need next to a failure or a skip: who the tests acted as, and how
 * each feature was decided (feature.<name>: "supported (inferred): <evidence>").
 */
function properties(report: ConformanceReport): string[] {
  const facts: [string, string][] = [];
  if (report.users) facts.push(['test-users', report.users.describe]);
  for (const decision of report.features.decisions ?? []) {
    const how = decision.decidedBy === 'claimed' ? `claimed with ${decision.flag ?? 'a flag'}` : 'inferred';
    facts.push([
      `feature.${decision.feature}`,
      `${decision.supported ? 'supported' : 'not supported'} (${how}): ${decision.evidence}`,
    ]);
  }
  if (facts.length === 0) return [];
  return [
    '    <properties>',
    ...facts.map(([name, value]) => `      <property name="${esc(name)}" value="${esc(value)}"/>`),
    '    </properties>',
  ];
}

function testsuite(
  area: string,
  tests: readonly TestReport[],
  timestamp: string,
  facts: readonly string[],
): string {
  const counts = countResults(tests);
  const time = tests.reduce((sum, test) => sum + test.durationMs, 0);
  return [
    `  <testsuite name="${esc(area)}" tests="${tests.length}" failures="${counts.failed}" errors="0"` +
      ` skipped="${counts.skipped}" time="${seconds(time)}" timestamp="${esc(timestamp)}">`,
    ...facts,
    ...tests.map(testcase),
    '  </testsuite>',
  ].join('\n');
}

export function renderJunit(report: ConformanceReport): string {
  const areas = new Map<string, TestReport[]>();
  for (const test of report.tests) areas.set(test.area, [...(areas.get(test.area) ?? []), test]);
  const { summary } = report;
  const name = `${report.suite.name} conformance: ${report.implementation.name} ${report.implementation.version}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(name)}" tests="${summary.total}" failures="${summary.failed}" errors="0"` +
      ` skipped="${summary.skipped}" time="${seconds(summary.durationMs)}" timestamp="${esc(report.date)}">`,
    ...[...areas].map(([area, tests]) => testsuite(area, tests, report.date, properties(report))),
    '</testsuites>',
    '',
  ].join('\n');
}
