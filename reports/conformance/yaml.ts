// conformance-report.yaml: the machine-readable report, in the shape of Gateway API's
// ConformanceReport files so that the same publication flow (commit the file unmodified) works.
import { parse, stringify } from 'yaml';
import type { ConformanceReport } from './model.js';
import { reportProblems } from './validate-report.js';

export function renderReportYaml(report: ConformanceReport): string {
  // lineWidth 0: never fold long error messages, so a reader can grep them.
  // aliasDuplicateObjects false: no &anchors/*aliases, which some YAML readers and people trip over.
  return stringify(report, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Parses a report and checks its shape (validate-report.ts); throws naming the bad fields. */
export function parseReportYaml(text: string): ConformanceReport {
  const value: unknown = parse(text);
  const problems = reportProblems(value);
  if (problems.length > 0) throw new Error(`conformance report: ${problems.join('; ')}`);
  return value as ConformanceReport;
}
