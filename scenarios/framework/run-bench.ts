// One bench run end to end, for the command and for programmatic use: open the target, run the
// scenario on it, write the result, stop the target. An interrupted run (signal aborted) still
// returns and writes its partial result.
import { setMaxListeners } from 'node:events';
import type { RunLog } from '../../suites/framework/run-log.js';
import type { TargetSpec } from '../../suites/framework/target/target.js';
import type { Timeouts } from '../../suites/framework/timeouts.js';
import { openBenchTarget } from './bench-target.js';
import { quietProgress } from './progress.js';
import type { PreparedScenario } from './registry.js';
import type { ScenarioResult } from './result.js';
import type { BenchTarget, Progress } from './scenario.js';
import { chooseTenancy, type TenancyRequest } from './tenancy.js';
import { writeResult } from './write-result.js';

export interface RunOnTargetOptions {
  /** Default: the target's kind. */
  label?: string;
  signal?: AbortSignal;
  progress?: Progress;
  /** A workspace or a namespace per unit; default auto (workspaces where the target serves them). */
  tenancy?: TenancyRequest;
}

/**
 * Runs a prepared scenario on a target that is already open (several scenarios can share one).
 * Rejects with ScenarioRefused, before anything is created, when the tenancy asked for cannot be
 * had or the scenario measures workspaces and the units would be namespaces.
 */
export async function runOnTarget(
  prepared: PreparedScenario,
  target: BenchTarget,
  options: RunOnTargetOptions = {},
): Promise<ScenarioResult> {
  const tenancy = chooseTenancy(target, options.tenancy ?? 'auto', prepared);
  // A signal that never aborts when the caller has none, so scenarios need no special case.
  const signal = options.signal ?? new AbortController().signal;
  // Every request, wait and watch in flight listens on this one signal; hundreds at once are
  // the design, not a leak, so Node's leak warning (at 11 listeners) is turned off for it.
  setMaxListeners(0, signal);
  return prepared.run({
    target,
    tenancy,
    label: options.label ?? target.kind,
    signal,
    progress: options.progress ?? quietProgress(),
  });
}

export interface BenchRunOptions extends RunOnTargetOptions {
  target: TargetSpec;
  /** Where the JSON goes; default reports/latest/<scenario>.json; false: do not write. */
  out?: string | false;
  log?: RunLog;
  timeouts?: Partial<Timeouts>;
}

export interface BenchRun {
  result: ScenarioResult;
  /** The file written, unless out was false. */
  path?: string;
}

/** A reference server spawned for a run gets the flags its scenario asks for; other targets are as given. */
export function targetSpecFor(prepared: PreparedScenario, target: TargetSpec): TargetSpec {
  if (target.kind !== 'reference' || prepared.referenceServerArgs.length === 0) return target;
  return { ...target, serverArgs: [...(target.serverArgs ?? []), ...prepared.referenceServerArgs] };
}

export async function runBench(prepared: PreparedScenario, options: BenchRunOptions): Promise<BenchRun> {
  const spec = targetSpecFor(prepared, options.target);
  const opened = await openBenchTarget(spec, {
    timeouts: options.timeouts,
    log: options.log,
    signal: options.signal,
  });
  let result: ScenarioResult;
  try {
    result = await runOnTarget(prepared, opened.target, options);
  } finally {
    await opened.stop();
  }
  if (options.out === false) return { result };
  return { result, path: await writeResult(result, options.out) };
}
