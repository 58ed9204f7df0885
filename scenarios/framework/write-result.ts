// Writes a result as JSON for every renderer and comparison to read. The file is written next to
// its final name and renamed, so a reader (or an interrupted run) never sees half a result.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ScenarioName, ScenarioResult } from './result.js';
import { writeAtomically } from '../../reports/write-atomically.js';

export const DEFAULT_RESULT_DIR = 'reports/latest';

export function defaultResultPath(scenario: ScenarioName): string {
  return join(DEFAULT_RESULT_DIR, `${scenario}.json`);
}

/** Writes to `out` (default reports/latest/<scenario>.json) and returns the path written. */
export async function writeResult(
  result: ScenarioResult,
  out = defaultResultPath(result.scenario),
): Promise<string> {
  await mkdir(dirname(out), { recursive: true });
  await writeAtomically(out, `${JSON.stringify(result, null, 2)}\n`);
  return out;
}
