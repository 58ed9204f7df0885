// Groups loaded results into one section per scenario and gives every run a name that is unique
// within its scenario: the label, or `label (2)` when two runs share one. Charts colour by these
// names and comparison tables use them as column headings, so they must not collide.
import type { ScenarioName, ScenarioResult } from '../../scenarios/framework/result.js';
import type { LoadedResult } from './load.js';
import { SCENARIO_NAMES } from './validate.js';

export interface Run {
  /** Unique within its scenario. */
  name: string;
  /** Where the result was read from, when it came from a file. */
  file?: string;
  result: ScenarioResult;
}

export interface ScenarioRuns {
  scenario: ScenarioName;
  /** In the order given; the first is the reference the others are compared with. */
  runs: Run[];
}

export function groupRuns(loaded: readonly LoadedResult[]): ScenarioRuns[] {
  const groups: ScenarioRuns[] = [];
  for (const scenario of SCENARIO_NAMES) {
    const results = loaded.filter((item) => item.result.scenario === scenario);
    if (results.length === 0) continue;
    const taken = new Set<string>();
    const runs = results.map(({ file, result }): Run => {
      let name = result.label;
      for (let n = 2; taken.has(name); n += 1) name = `${result.label} (${n})`;
      taken.add(name);
      return { name, file, result };
    });
    groups.push({ scenario, runs });
  }
  return groups;
}

/** Every run name of the report in order of first appearance: one colour per name everywhere. */
export const runNames = (groups: readonly ScenarioRuns[]): string[] => [
  ...new Set(groups.flatMap((group) => group.runs.map((run) => run.name))),
];
