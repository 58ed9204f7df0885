// Writes the scale report into one directory: index.html, report.md and one SVG per chart (which
// report.md links). Each file goes to a temporary name first and is renamed, so a reader never
// sees half a file.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { ScaleReport } from './report.js';
import { writeAtomically } from '../write-atomically.js';

export const DEFAULT_SCALE_REPORT_DIR = 'reports/latest/scale';

export interface WrittenReport {
  html: string;
  markdown: string;
  charts: string[];
}

export async function writeScaleReport(dir: string, report: ScaleReport): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const charts: string[] = [];
  for (const chart of report.scenarios.flatMap((scenario) => scenario.charts)) {
    const path = join(dir, chart.file);
    await writeAtomically(path, `<?xml version="1.0" encoding="UTF-8"?>\n${chart.svg}\n`);
    charts.push(path);
  }
  const written = { html: join(dir, 'index.html'), markdown: join(dir, 'report.md'), charts };
  await writeAtomically(written.markdown, renderMarkdown(report));
  await writeAtomically(written.html, renderHtml(report));
  return written;
}
