// `kcp-harness bench <scenario> [options]`: runs one load scenario against a target and writes
// its ScenarioResult as JSON. Every registered scenario (scenarios/index.ts) is a subcommand with
// the common options below plus its own, so `bench <scenario> --help` shows exactly what applies.
//
// Exit codes: 0 the run completed (its errors, if any, are in the result), 1 it could not run
// (also: a scenario that measures workspaces on a target without them), 2 usage error, 130
// interrupted (the partial result is still written).
// Ctrl-C: no new work starts, work in flight is cut short, the scenario's parent workspace (or
// its namespaces) is deleted, and the result, marked partial, is written. A second Ctrl-C exits at once.
import { Command, Option } from 'commander';
import { interruptOnSignals } from '../../suites/framework/interrupt.js';
import { createRunLog } from '../../suites/framework/run-log.js';
import type { TargetSpec } from '../../suites/framework/target/target.js';
import { DEFAULT_TIMEOUTS, parseTimeoutOverride, type Timeouts } from '../../suites/framework/timeouts.js';
import { pendingScenarios, registeredScenarios } from '../index.js';
import { UsageError } from './options.js';
import { createProgress } from './progress.js';
import type { PreparedScenario, RegisteredScenario } from './registry.js';
import type { ScenarioResult } from './result.js';
import { runBench } from './run-bench.js';
import { needsWorkspacesMessage, ScenarioRefused, TENANCY_REQUESTS, type TenancyRequest } from './tenancy.js';
import { DEFAULT_RESULT_DIR } from './write-result.js';

export interface BenchIO {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
  /** Called for commander's own parse errors and --help; must not return. */
  exit(code: number): never;
}

const processIO: BenchIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  exit: (code) => process.exit(code),
};

/** The options every scenario takes. */
export interface CommonBenchOptions {
  kubeconfig?: string;
  context?: string;
  target?: string;
  kcpBinary?: string;
  label?: string;
  out?: string;
  timeout?: string[];
  tenancy?: TenancyRequest;
  verbose?: boolean;
}

/** --kubeconfig, --target reference and --kcp-binary are alternatives; the reference server is the default. */
export function benchTargetSpec(raw: CommonBenchOptions): TargetSpec {
  const given = [raw.kubeconfig, raw.target, raw.kcpBinary].filter((value) => value !== undefined);
  if (given.length > 1)
    throw new UsageError('--kubeconfig, --target and --kcp-binary are alternatives; give one');
  if (raw.context !== undefined && raw.kubeconfig === undefined)
    throw new UsageError('--context needs --kubeconfig');
  if (raw.kubeconfig !== undefined) return { kind: 'kubeconfig', path: raw.kubeconfig, context: raw.context };
  if (raw.kcpBinary !== undefined) return { kind: 'kcp-binary', path: raw.kcpBinary };
  if (raw.target !== undefined && raw.target !== 'reference')
    throw new UsageError(`--target: unknown kind "${raw.target}"`);
  return { kind: 'reference' };
}

function timeoutOverrides(texts: string[] = []): Partial<Timeouts> {
  const overrides: Partial<Timeouts> = {};
  for (const text of texts) {
    try {
      const [name, ms] = parseTimeoutOverride(text);
      overrides[name] = ms;
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  return overrides;
}

function formatValue(value: number, unit: string): string {
  if (unit === 'bytes') return `${Math.round(value)} bytes (${(value / 1024 / 1024).toFixed(2)} MiB)`;
  return `${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`;
}

/** A few lines for the terminal; the JSON has everything. */
export function formatSummary(result: ScenarioResult): string[] {
  const lines = result.metrics.map((metric) => `  ${metric.name}: ${formatValue(metric.value, metric.unit)}`);
  const errors = Object.entries(result.errors);
  lines.push(
    errors.length === 0
      ? '  errors: none'
      : `  errors: ${errors.map(([key, n]) => `${key} ×${n}`).join(', ')}`,
  );
  return [
    `${result.scenario} on ${result.target.describe}${result.partial ? ' (partial: interrupted)' : ''}`,
    `  tenancy: a ${result.tenancy === 'namespaces' ? 'namespace' : 'workspace'} per unit`,
    ...lines,
  ];
}

/** The message and, when it adds something, its cause (suites' runner.ts has the same, but loads mocha). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error && !error.message.includes(error.cause.message) ? error.cause.message : '';
  return cause ? `${error.message}\ncaused by: ${cause}` : error.message;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function addCommonOptions(command: Command): Command {
  const timeoutKeys = Object.entries(DEFAULT_TIMEOUTS)
    .map(([key, ms]) => `${key}=${ms / 1000}`)
    .join(', ');
  return command
    .option('--kubeconfig <file>', 'target an endpoint that already runs, described by this kubeconfig')
    .option('--context <name>', 'kubeconfig context (default: its current context)')
    .addOption(
      new Option(
        '--target <kind>',
        'spawn a target instead (default when no --kubeconfig or --kcp-binary)',
      ).choices(['reference']),
    )
    .option(
      '--kcp-binary <path>',
      'spawn this kcp (`<path> start ...`) in a temporary directory and measure it',
    )
    .addOption(
      new Option(
        '--tenancy <mode>',
        'units of load: a workspace each, a namespace each (what plain Kubernetes gets), or auto: workspaces where the target serves them',
      )
        .choices([...TENANCY_REQUESTS])
        .default('auto'),
    )
    .option('--label <label>', 'label of the result, used when comparing runs (default: the target kind)')
    .option('--out <file>', `where to write the result JSON (default ${DEFAULT_RESULT_DIR}/<scenario>.json)`)
    .option(
      '--timeout <key=seconds>',
      `override a harness timeout (repeatable; request and serverStart apply to bench); defaults: ${timeoutKeys}`,
      collect,
      [],
    )
    .option('-v, --verbose', "echo the harness log and a spawned target's output to stderr");
}

async function act(
  entry: RegisteredScenario,
  raw: CommonBenchOptions & Record<string, unknown>,
  io: BenchIO,
) {
  let target: TargetSpec;
  let timeouts: Partial<Timeouts>;
  let prepared: PreparedScenario;
  try {
    target = benchTargetSpec(raw);
    timeouts = timeoutOverrides(raw.timeout);
    prepared = entry.prepare(raw);
    if (entry.needsWorkspaces && raw.tenancy === 'namespaces')
      throw new UsageError(
        needsWorkspacesMessage(entry.name, '--tenancy namespaces asks for a namespace per unit'),
      );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`error: ${error.message}\n`);
    io.setExitCode(2);
    return;
  }
  const interrupt = interruptOnSignals((name) =>
    io.err(
      `\n${name}: stopping; deleting the workspaces or namespaces made and writing the partial result; press again to exit now\n`,
    ),
  );
  const log = createRunLog(raw.verbose ? (line) => io.err(`${line}\n`) : undefined);
  try {
    const { result, path } = await runBench(prepared, {
      target,
      timeouts,
      log,
      label: raw.label,
      out: raw.out,
      tenancy: raw.tenancy ?? 'auto',
      signal: interrupt.signal,
      progress: createProgress(),
    });
    for (const line of formatSummary(result)) io.out(`${line}\n`);
    io.out(`result: ${path}\n`);
    io.setExitCode(result.partial ? 130 : 0);
  } catch (error) {
    io.err(`error: ${describeError(error)}\n`);
    // Without --verbose the target's own output is the likeliest explanation; show its tail
    // (not for a refusal, which says all there is to say).
    if (!raw.verbose && !(error instanceof ScenarioRefused)) {
      const tail = log.text().trimEnd().split('\n').slice(-20).join('\n');
      if (tail) io.err(`last log lines:\n${tail}\n`);
    }
    io.setExitCode(interrupt.signal.aborted ? 130 : 1);
  } finally {
    interrupt.dispose();
  }
}

export function benchCommand(io: BenchIO = processIO): Command {
  const pending = pendingScenarios();
  const bench = new Command('bench')
    .description(
      'run a load scenario against a target and write its result as JSON' +
        (pending.length > 0 ? ` (not available yet: ${pending.join(', ')})` : ''),
    )
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .exitOverride((error) => io.exit(error.exitCode === 0 ? 0 : 2));
  for (const entry of registeredScenarios()) {
    const command = addCommonOptions(new Command(entry.name).description(entry.description));
    for (const option of entry.options()) command.addOption(option);
    bench.addCommand(
      command
        .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
        .exitOverride((error) => io.exit(error.exitCode === 0 ? 0 : 2))
        .action((raw: CommonBenchOptions & Record<string, unknown>) => act(entry, raw, io)),
    );
  }
  return bench;
}
