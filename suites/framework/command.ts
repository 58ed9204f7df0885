// `kcp-harness conformance`: the command-line face of runConformance/planConformance.
// Exit codes: 0 no test failed, 1 a test failed or the run could not complete, 2 usage error,
// 130 interrupted.
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { REPORT_FILES } from '../../reports/conformance/write.js';
import { describeDecision } from './feature-decisions.js';
import { ALL_FEATURES } from './features.js';
import { parseCommandOptions, UsageError, type RawCommandOptions } from './command-options.js';
import { interruptOnSignals } from './interrupt.js';
import { describeError } from './runner.js';
import { DEFAULT_REPORT_DIR, planConformance, runConformance } from './run-conformance.js';
import { DEFAULT_PARALLEL } from './schedule.js';
import { formatPlan } from './selection.js';
import { DEFAULT_TIMEOUTS } from './timeouts.js';
import { USERS_NEEDED } from './users/test-users.js';

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
  /** Called for commander's own parse errors and --help; must not return. */
  exit(code: number): never;
}

/** The real process: what the commands use outside tests. */
export const processIO: CommandIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  exit: (code) => process.exit(code),
};

const collect = (value: string, previous: string[]): string[] => [...previous, value];

async function act(raw: RawCommandOptions, io: CommandIO): Promise<void> {
  let options;
  try {
    options = parseCommandOptions(raw);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`error: ${error.message}\n`);
    io.setExitCode(2);
    return;
  }
  const interrupt = interruptOnSignals((name) =>
    io.err(`\n${name}: stopping the running tests and cleaning up; press again to exit now\n`),
  );
  const onLog = raw.verbose ? (line: string) => io.err(`${line}\n`) : undefined;
  try {
    if (raw.dryRun) {
      const { features, plan } = await planConformance({ ...options, signal: interrupt.signal, onLog });
      io.out(`supported features (${features.source}): ${features.supported.join(', ') || 'none'}\n`);
      for (const decision of features.decisions ?? []) io.out(`  ${describeDecision(decision)}\n`);
      for (const line of formatPlan(plan)) io.out(`${line}\n`);
      const running = plan.filter((planned) => planned.decision.run).length;
      io.out(`${running} of ${plan.length} tests would run\n`);
      io.setExitCode(0);
      return;
    }
    const report = await runConformance({
      ...options,
      signal: interrupt.signal,
      onLog,
      onProgress: (line) => io.out(`${line}\n`),
    });
    const { summary } = report;
    io.out(
      `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped: ${summary.result}` +
        `${summary.interrupted ? ' (interrupted)' : ''}\n`,
    );
    for (const kept of report.fixture?.kept ?? [])
      io.out(`kept workspace of failed test ${kept.test}: ${kept.path} (${kept.url})\n`);
    if (report.fixture?.runWorkspace && report.fixture.runWorkspaceDeleted === false)
      io.out(`run workspace ${report.fixture.runWorkspace} was not deleted\n`);
    if (options.reportDir)
      io.out(
        `report: ${join(options.reportDir, REPORT_FILES.html)} (and ${REPORT_FILES.yaml}, ${REPORT_FILES.junit}, ${REPORT_FILES.log})\n`,
      );
    io.setExitCode(summary.failed > 0 ? 1 : summary.interrupted ? 130 : 0);
  } catch (error) {
    io.err(`error: ${describeError(error)}\n`);
    if (options.reportDir) io.err(`log: ${join(options.reportDir, REPORT_FILES.log)}\n`);
    io.setExitCode(interrupt.signal.aborted ? 130 : 1);
  } finally {
    interrupt.dispose();
  }
}

export function conformanceCommand(io: CommandIO = processIO): Command {
  const timeoutKeys = Object.entries(DEFAULT_TIMEOUTS)
    .map(([key, ms]) => `${key}=${ms / 1000}`)
    .join(', ');
  return new Command('conformance')
    .description('Run the kcp conformance suites against a target and write a report')
    .option('--kubeconfig <file>', 'target an endpoint that already runs, described by this kubeconfig')
    .option('--context <name>', 'kubeconfig context (default: its current context)')
    .option(
      '--users-kubeconfig <file>',
      `test users with their own credentials instead of impersonated ones: a kubeconfig for the same server ` +
        `whose contexts are ${USERS_NEEDED} or more different users, each with its own token or client certificate ` +
        `and no special groups (no system:* group but system:authenticated); tests take them in context order`,
    )
    .addOption(
      new Option('--target <kind>', 'spawn a target instead (default when no --kubeconfig)').choices([
        'reference',
      ]),
    )
    .option('--kcp-binary <path>', 'spawn this kcp (`<path> start ...`) in a temporary directory and test it')
    .option(
      '--features <list>',
      `comma-separated features the target claims (default: inferred from discovery); known: ${ALL_FEATURES.join(', ')}`,
    )
    .option(
      '--add-features <list>',
      'comma-separated features the target claims on top of the inferred ones (e.g. WildcardRequests on a shard)',
    )
    .option(
      '--keep-on-failure',
      'do not delete the workspaces of failed tests (nor the run workspace holding them); their paths are printed and reported',
    )
    .option(
      '--parallel <n>',
      `how many tests run at once, each in its own workspace (or namespace); tests marked serial run alone ` +
        `first; results stay in plan order; 1 runs them one after another (default: ${DEFAULT_PARALLEL})`,
    )
    .option('--focus <regex>', 'run only tests whose id matches')
    .option('--skip <regex>', 'do not run tests whose id matches')
    .option('--dry-run', 'list each test and whether it would run, without running any')
    .option(
      '--timeout <key=seconds>',
      `override a timeout (repeatable); defaults: ${timeoutKeys}`,
      collect,
      [],
    )
    .option('--report-dir <dir>', 'where to write the report files', DEFAULT_REPORT_DIR)
    .option(
      '--implementation-name <name>',
      "implementation name for the report (default: from the target's /version)",
    )
    .option(
      '--implementation-version <version>',
      "implementation version for the report (default: the target's gitVersion)",
    )
    .option('-v, --verbose', 'echo the run log to stderr')
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .exitOverride((error) => io.exit(error.exitCode === 0 ? 0 : 2))
    .action((raw: RawCommandOptions) => act(raw, io));
}
