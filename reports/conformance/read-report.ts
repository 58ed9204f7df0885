// Reads a conformance-report.yaml named on the command line, or the one inside a report
// directory. Every failure is a ReportReadError whose message names the file and, for a report
// of the wrong shape, the fields: the command prints it as one readable paragraph.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ConformanceReport } from './model.js';
import { reportProblems } from './validate-report.js';
import { REPORT_FILES } from './write.js';

export class ReportReadError extends Error {}

export interface LoadedReport {
  /** The YAML file actually read (inside the directory, when a directory was named). */
  file: string;
  report: ConformanceReport;
}

// A document with dozens of problems is the wrong kind of file, not a typo; the first few say so.
const MAX_PROBLEMS = 10;

function ioMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

async function reportFile(path: string): Promise<string> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new ReportReadError(`${path}: ${ioMessage(error)}`);
  }
  return isDirectory ? join(path, REPORT_FILES.yaml) : path;
}

/** Parses and validates the shape of report YAML; `file` only names it in errors. */
export function parseReport(text: string, file: string): ConformanceReport {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    // The YAML library's message carries the line and column, which is what a person needs.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ReportReadError(`${file}: not valid YAML: ${message}`);
  }
  const problems = reportProblems(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS).map((problem) => `  ${problem}`);
    if (problems.length > MAX_PROBLEMS) shown.push(`  ... and ${problems.length - MAX_PROBLEMS} more`);
    throw new ReportReadError(`${file}: not a valid conformance report:\n${shown.join('\n')}`);
  }
  return value as ConformanceReport;
}

export async function readReport(path: string): Promise<LoadedReport> {
  const file = await reportFile(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ReportReadError(`${file}: ${ioMessage(error)}`);
  }
  return { file, report: parseReport(text, file) };
}
