// `kcp-harness report` and `kcp-harness compare`: the command-line faces of the scale report and
// of the regression gate.
// report exit codes: 0 written; 1 written, but some inputs were unreadable (or writing failed);
//   2 usage error or nothing to report.
// compare exit codes: 0 no regression; 1 a metric regressed beyond the allowance (or, with
//   --strict, something could not be compared); 2 usage error or unreadable inputs.
import { Command } from 'commander';
import { type CommandIO, processIO } from '../../suites/framework/command.js';
import { compareResults } from './compare.js';
import { formatComparison } from './compare-text.js';
import { loadResults, type LoadOutcome } from './load.js';
import { parseMaxRegression } from './max-regression.js';
import { buildScaleReport } from './report.js';
import { DEFAULT_SCALE_REPORT_DIR, writeScaleReport } from './write.js';
import type { ScenarioResult } from '../../scenarios/framework/result.js';

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Prints what could not be read; returns whether everything could. */
function reportInputs(outcome: LoadOutcome, io: CommandIO): boolean {
  for (const problem of outcome.problems) io.err(`error: ${problem}\n`);
  for (const file of outcome.skipped) io.err(`skipped ${file}: not a ScenarioResult\n`);
  return outcome.problems.length === 0;
}

async function report(paths: readonly string[], out: string, io: CommandIO): Promise<void> {
  const outcome = await loadResults(paths);
  const complete = reportInputs(outcome, io);
  if (outcome.results.length === 0) {
    io.err('error: no results to report\n');
    io.setExitCode(2);
    return;
  }
  try {
    const written = await writeScaleReport(out, await buildScaleReport(outcome.results));
    const count = outcome.results.length;
    io.out(
      `report of ${count} result${count === 1 ? '' : 's'}: ${written.html} ` +
        `(and ${written.markdown} with ${written.charts.length} SVG charts next to it)\n`,
    );
    // Still a failure when an input was unreadable: the report is missing what the user asked for.
    io.setExitCode(complete ? 0 : 1);
  } catch (error) {
    io.err(`error: writing the report to ${out}: ${describe(error)}\n`);
    io.setExitCode(1);
  }
}

interface CompareOptions {
  maxRegression: string;
  strict?: boolean;
  metrics?: string;
}

/** Keeps only the metrics whose names match: gates choose the statistics that are stable. */
function selectMetrics(results: readonly ScenarioResult[], pattern: RegExp | undefined): ScenarioResult[] {
  if (!pattern) return [...results];
  return results.map((r) => ({ ...r, metrics: r.metrics.filter((m) => pattern.test(m.name)) }));
}

async function compare(
  baselinePath: string,
  currentPath: string,
  options: CompareOptions,
  io: CommandIO,
): Promise<void> {
  const maxRegression = parseMaxRegression(options.maxRegression);
  if (maxRegression instanceof Error) {
    io.err(`error: ${maxRegression.message}\n`);
    io.setExitCode(2);
    return;
  }
  let pattern: RegExp | undefined;
  try {
    pattern = options.metrics ? new RegExp(options.metrics) : undefined;
  } catch (e) {
    io.err(`error: --metrics is not a regular expression: ${(e as Error).message}\n`);
    io.setExitCode(2);
    return;
  }
  const baseline = await loadResults([baselinePath]);
  const current = await loadResults([currentPath]);
  // A gate that compares against half a baseline would pass for the wrong reason: refuse instead.
  const readable = [reportInputs(baseline, io), reportInputs(current, io)].every(Boolean);
  if (!readable) {
    io.err('error: cannot compare: fix or remove the files named above\n');
    io.setExitCode(2);
    return;
  }
  const comparison = compareResults(
    selectMetrics(
      baseline.results.map((item) => item.result),
      pattern,
    ),
    selectMetrics(
      current.results.map((item) => item.result),
      pattern,
    ),
    maxRegression,
  );
  for (const line of formatComparison(comparison)) io.out(`${line}\n`);
  const failed =
    comparison.verdict === 'regression' || (comparison.verdict === 'incomplete' && options.strict === true);
  io.setExitCode(failed ? 1 : 0);
}

function withIO(command: Command, io: CommandIO): Command {
  return command
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .exitOverride((error) => io.exit(error.exitCode === 0 ? 0 : 2));
}

export function reportCommand(io: CommandIO = processIO): Command {
  const command = new Command('report')
    .description('Render scale results as index.html and report.md with SVG charts, runs side by side')
    .argument('<results...>', 'ScenarioResult JSON files, or directories searched for *.json')
    .option('--out <dir>', 'directory for index.html, report.md and the SVG charts', DEFAULT_SCALE_REPORT_DIR)
    .action((paths: string[], options: { out: string }) => report(paths, options.out, io));
  return withIO(command, io);
}

export function compareCommand(io: CommandIO = processIO): Command {
  const command = new Command('compare')
    .description(
      'Compare current scale results with a baseline, metric by metric; exit 1 when one regressed beyond the allowance',
    )
    .argument('<baseline>', 'baseline ScenarioResult file, or a directory of them')
    .argument('<current>', 'current ScenarioResult file, or a directory of them')
    .option(
      '--max-regression <allowance>',
      'how much worse a metric may get before it fails: a percentage (20%) or a fraction (0.2)',
      '20%',
    )
    .option(
      '--metrics <regex>',
      'compare only the metrics whose names match (e.g. "p50|p90|PerSecond": on a shared machine p99 and max are too noisy to gate on)',
    )
    .option(
      '--strict',
      'also exit 1 when the comparison is incomplete: a baseline metric or scenario missing from the ' +
        'current results, a changed unit, a partial run, other parameters, no baseline for a scenario',
    )
    .action((baseline: string, current: string, options: CompareOptions) =>
      compare(baseline, current, options, io),
    );
  return withIO(command, io);
}
