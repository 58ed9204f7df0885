// Reads ScenarioResult files named on the command line: files, or directories searched
// recursively for `*.json`. Nothing here throws on bad input; every problem becomes one line
// naming the file (and the field), so one broken file never hides the others.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ScenarioResult } from '../../scenarios/framework/result.js';
import { claimsScenarioResult, resultProblems } from './validate.js';

export interface LoadedResult {
  /** The file as named (or found under a named directory); reports show it. */
  file: string;
  result: ScenarioResult;
}

export interface LoadOutcome {
  /** In the order given; files found in a directory sorted by path. */
  results: LoadedResult[];
  /** One line per problem: `FILE: FIELD: expected ..., got ...`. */
  problems: string[];
  /** JSON files inside directories that are not ScenarioResults (other tools' output). */
  skipped: string[];
}

// A document with dozens of problems is the wrong kind of file, not a typo; the first few say so.
const MAX_PROBLEMS_PER_FILE = 10;

const message = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
};

async function jsonFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Parses and validates one file. `explicit`: the file was named, so another kind of document is
 * a problem; found in a directory, it is only skipped.
 */
async function loadFile(file: string, explicit: boolean, outcome: LoadOutcome): Promise<void> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    // A truncated result (a run killed mid-write) must not vanish silently, even in a directory.
    outcome.problems.push(
      `${file}: ${error instanceof SyntaxError ? `not valid JSON: ${error.message}` : message(error)}`,
    );
    return;
  }
  if (!explicit && !claimsScenarioResult(value)) {
    outcome.skipped.push(file);
    return;
  }
  const problems = resultProblems(value);
  if (problems.length > 0) {
    outcome.problems.push(
      ...problems.slice(0, MAX_PROBLEMS_PER_FILE).map((problem) => `${file}: ${problem}`),
    );
    if (problems.length > MAX_PROBLEMS_PER_FILE)
      outcome.problems.push(`${file}: ... and ${problems.length - MAX_PROBLEMS_PER_FILE} more problems`);
    return;
  }
  outcome.results.push({ file, result: value as ScenarioResult });
}

export async function loadResults(paths: readonly string[]): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { results: [], problems: [], skipped: [] };
  const seen = new Set<string>();
  const once = (file: string): boolean => {
    const absolute = resolve(file);
    if (seen.has(absolute)) return false;
    seen.add(absolute);
    return true;
  };
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      outcome.problems.push(`${path}: ${message(error)}`);
      continue;
    }
    if (!isDirectory) {
      if (once(path)) await loadFile(path, true, outcome);
      continue;
    }
    let files: string[];
    try {
      files = await jsonFilesUnder(path);
    } catch (error) {
      outcome.problems.push(`${path}: ${message(error)}`);
      continue;
    }
    const before = { results: outcome.results.length, problems: outcome.problems.length };
    const fresh = files.filter(once);
    for (const file of fresh) await loadFile(file, false, outcome);
    // A directory without results is almost always a wrong path (or baselines not produced yet);
    // one whose files were all named already is not.
    const found = outcome.results.length > before.results || outcome.problems.length > before.problems;
    if (!found && fresh.length === files.length)
      outcome.problems.push(`${path}: no ScenarioResult files (*.json with kind ScenarioResult) in it`);
  }
  return outcome;
}
