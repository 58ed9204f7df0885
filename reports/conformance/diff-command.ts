// `kcp-harness conformance-diff A B`: which tests pass on one implementation and not on the
// other, and why. Exit codes: 0 compared (whatever the differences); 1 with --fail-on-regression
// when a test that passes on A (the baseline) does not pass on B, or is missing from B;
// 2 usage error, or a report that cannot be read, or --out that cannot be written.
import { Command, Option } from 'commander';
import { diffReports, type ConformanceDiff } from './diff.js';
import { countLine, type DiffRenderOptions } from './diff-labels.js';
import { renderDiffJson } from './diff-json.js';
import { renderDiffMarkdown } from './diff-markdown.js';
import { renderDiffText } from './diff-text.js';
import { readReport, ReportReadError, type LoadedReport } from './read-report.js';
import { type CommandIO, processIO } from '../../suites/framework/command.js';
import { writeAtomically } from '../write-atomically.js';

const FORMATS = {
  text: renderDiffText,
  markdown: renderDiffMarkdown,
  json: renderDiffJson,
} satisfies Record<string, (diff: ConformanceDiff, options: DiffRenderOptions) => string>;

type Format = keyof typeof FORMATS;

interface DiffOptions {
  format: Format;
  out?: string;
  all?: boolean;
  failOnRegression?: boolean;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Both reports, or undefined after naming every one that could not be read. */
async function readBoth(paths: readonly string[], io: CommandIO): Promise<LoadedReport[] | undefined> {
  const outcomes = await Promise.allSettled(paths.map(readReport));
  const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
  for (const failure of failures) {
    // A ReportReadError already names the file; anything else is unexpected, so keep its text.
    const reason: unknown = failure.reason;
    io.err(
      `error: ${reason instanceof ReportReadError ? reason.message : `reading a report: ${describe(reason)}`}\n`,
    );
  }
  if (failures.length > 0) return undefined;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<LoadedReport>).value);
}

function regressionVerdict(diff: ConformanceDiff): string {
  const { regressions } = diff;
  if (regressions.length === 0) return 'no regression: every test that passes on A passes on B\n';
  const shown = regressions.slice(0, 10).join(', ');
  const more = regressions.length > 10 ? `, ... and ${regressions.length - 10} more` : '';
  const tests = regressions.length === 1 ? '1 test passes' : `${regressions.length} tests pass`;
  return `regression: ${tests} on A and not on B: ${shown}${more}\n`;
}

async function conformanceDiff(
  pathA: string,
  pathB: string,
  options: DiffOptions,
  io: CommandIO,
): Promise<void> {
  const reports = await readBoth([pathA, pathB], io);
  if (!reports) {
    io.setExitCode(2);
    return;
  }
  const [a, b] = reports as [LoadedReport, LoadedReport];
  const diff = diffReports(a, b);
  const rendered = FORMATS[options.format](diff, { all: options.all === true });
  if (options.out === undefined) {
    io.out(rendered);
  } else {
    try {
      await writeAtomically(options.out, rendered);
    } catch (error) {
      io.err(`error: writing ${options.out}: ${describe(error)}\n`);
      io.setExitCode(2);
      return;
    }
    io.out(`${options.out}: ${countLine(diff)}\n`);
  }
  if (options.failOnRegression) io.err(regressionVerdict(diff));
  io.setExitCode(options.failOnRegression && diff.regressions.length > 0 ? 1 : 0);
}

export function conformanceDiffCommand(io: CommandIO = processIO): Command {
  const command = new Command('conformance-diff')
    .description(
      'Compare two conformance reports test by test: what passes on one side and not on the other, and why',
    )
    .argument('<a>', 'the baseline: a conformance-report.yaml, or a report directory holding one')
    .argument('<b>', 'the other side: a conformance-report.yaml, or a report directory holding one')
    .addOption(new Option('--format <format>', 'output format').choices(Object.keys(FORMATS)).default('text'))
    .option('--out <file>', 'write the output to a file instead of standard output')
    .option('--all', 'also list the tests with the same result on both sides (otherwise only counted)')
    .option(
      '--fail-on-regression',
      'exit 1 when a test that passes on A does not pass on B (skipped, failed, or missing from B)',
    )
    .action((a: string, b: string, options: DiffOptions) => conformanceDiff(a, b, options, io))
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .exitOverride((error) => io.exit(error.exitCode === 0 ? 0 : 2));
  return command;
}
