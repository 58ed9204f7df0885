// Writes the four report files into one directory. Each file is written to a temporary name and
// renamed, so a reader (or an interrupted run) never sees half a file.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import type { ConformanceReport } from './model.js';
import { renderReportYaml } from './yaml.js';
import { writeAtomically } from '../write-atomically.js';

export const REPORT_FILES = {
  yaml: 'conformance-report.yaml',
  junit: 'junit.xml',
  log: 'conformance.log',
  html: 'index.html',
} as const;

export type ReportFiles = Record<keyof typeof REPORT_FILES, string>;

/** Writes only the log; used when a run fails before there is a report (e.g. target did not start). */
export async function writeRunLog(dir: string, log: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, REPORT_FILES.log);
  await writeAtomically(path, log);
  return path;
}

export async function writeReportFiles(
  dir: string,
  report: ConformanceReport,
  log: string,
): Promise<ReportFiles> {
  await mkdir(dir, { recursive: true });
  const files: ReportFiles = {
    yaml: join(dir, REPORT_FILES.yaml),
    junit: join(dir, REPORT_FILES.junit),
    log: join(dir, REPORT_FILES.log),
    html: join(dir, REPORT_FILES.html),
  };
  await writeAtomically(files.yaml, renderReportYaml(report));
  await writeAtomically(files.junit, renderJunit(report));
  await writeAtomically(files.log, log);
  await writeAtomically(files.html, renderHtml(report));
  return files;
}
