// How a scenario plugs into `kcp-harness bench`: its Scenario (scenario.ts), the command-line
// options it adds, and a parse step from option values to its typed parameters. defineScenario
// erases the parameter type so scenarios with different parameters share one registry
// (scenarios/index.ts) without `any`.
import type { Option } from 'commander';
import type { ScenarioName, ScenarioResult } from './result.js';
import type { BenchContext, Scenario } from './scenario.js';

export interface ScenarioDefinition<P> {
  scenario: Scenario<P>;
  /**
   * The options `kcp-harness bench <name>` takes besides the common ones (--kubeconfig,
   * --context, --target, --kcp-binary, --label, --out, --verbose). New Option objects on every
   * call: commander binds an Option to one command.
   */
  options(): Option[];
  /** Commander's parsed option values → parameters; throws UsageError (exit 2) when they do not fit. */
  parse(raw: Record<string, unknown>): P;
}

/** A scenario bound to its parameters, ready to run on a target. */
export interface PreparedScenario {
  readonly name: ScenarioName;
  readonly parameters: unknown;
  /** Flags for a reference server spawned for this run (Scenario.referenceServerArgs). */
  readonly referenceServerArgs: readonly string[];
  /** Scenario.needsWorkspaces: refuses a namespace per unit. */
  readonly needsWorkspaces: boolean;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** A scenario as the registry holds it: its parameter type is hidden behind prepare(). */
export interface RegisteredScenario {
  readonly name: ScenarioName;
  readonly description: string;
  readonly needsWorkspaces: boolean;
  options(): Option[];
  prepare(raw: Record<string, unknown>): PreparedScenario;
}

/** Binds typed parameters to a scenario (programmatic runs, tests). */
export function withParameters<P>(scenario: Scenario<P>, parameters: P): PreparedScenario {
  return {
    name: scenario.name,
    parameters,
    referenceServerArgs: scenario.referenceServerArgs?.(parameters) ?? [],
    needsWorkspaces: scenario.needsWorkspaces === true,
    run: (ctx) => scenario.run(ctx, parameters),
  };
}

export function defineScenario<P>(definition: ScenarioDefinition<P>): RegisteredScenario {
  const { scenario } = definition;
  return {
    name: scenario.name,
    description: scenario.description,
    needsWorkspaces: scenario.needsWorkspaces === true,
    options: () => definition.options(),
    prepare: (raw) => withParameters(scenario, definition.parse(raw)),
  };
}
