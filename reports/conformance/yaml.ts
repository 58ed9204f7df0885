// conformance-report.yaml: the machine-readable report, in the shape of Gateway API's
// ConformanceReport files so that the same publication flow (commit the file unmodified) works.
import { parse, stringify } from 'yaml';
import { REPORT_API_VERSION, REPORT_KIND, type ConformanceReport } from './model.js';

export function renderReportYaml(report: ConformanceReport): string {
  // lineWidth 0: never fold long error messages, so a reader can grep them.
  // aliasDuplicateObjects false: no &anchors/*aliases, which some YAML readers and people trip over.
  return stringify(report, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Parses a report and checks the parts every consumer relies on. */
export function parseReportYaml(text: string): ConformanceReport {
  const value: unknown = parse(text);
  if (typeof value !== 'object' || value === null) throw new Error('conformance report: not a YAML mapping');
  const report = value as Partial<ConformanceReport>;
  if (report.apiVersion !== REPORT_API_VERSION || report.kind !== REPORT_KIND) {
    throw new Error(
      `conformance report: expected ${REPORT_API_VERSION} ${REPORT_KIND}, got ${String(report.apiVersion)} ${String(report.kind)}`,
    );
  }
  if (!Array.isArray(report.tests) || typeof report.summary !== 'object') {
    throw new Error('conformance report: missing tests or summary');
  }
  return report as ConformanceReport;
}
