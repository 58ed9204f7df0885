// Everything the Markdown and HTML renderers need, computed once: one section of tables and one
// set of rendered charts per scenario. Rendering charts is the only asynchronous step.
import { renderCharts, type Chart } from './charts.js';
import type { LoadedResult } from './load.js';
import { groupRuns, runNames } from './runs.js';
import { buildSection, type Section } from './sections.js';

export interface ScenarioReport {
  section: Section;
  charts: Chart[];
}

export interface ScaleReport {
  generatedAt: string;
  /** The result files the report was made from, in order. */
  sources: string[];
  scenarios: ScenarioReport[];
}

export async function buildScaleReport(
  loaded: readonly LoadedResult[],
  generatedAt: Date = new Date(),
): Promise<ScaleReport> {
  const groups = groupRuns(loaded);
  const order = runNames(groups);
  const scenarios: ScenarioReport[] = [];
  for (const group of groups)
    scenarios.push({ section: buildSection(group), charts: await renderCharts(group, order) });
  return { generatedAt: generatedAt.toISOString(), sources: loaded.map((item) => item.file), scenarios };
}
