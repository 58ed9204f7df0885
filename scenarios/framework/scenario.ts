// What a scenario is: a name, its parameters, and a run function that drives a target and
// returns one ScenarioResult. The bench command (scenarios/framework/command.ts) builds the
// context: the target, an abort signal for Ctrl-C (a scenario then returns what it has, marked
// partial, and deletes the workspaces it made), the tenancy its units live in (a workspace or a
// namespace each, tenancy.ts), and progress reporting.

import type { WorkspacesDetection } from '../../suites/framework/feature-inference.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import type { ScenarioName, ScenarioResult } from './result.js';
import type { TenancyChoice } from './tenancy.js';

export interface BenchTarget {
  kind: string;
  describe: string;
  /** Base server URL (no /clusters/ path). */
  server: string;
  /** A client as the kubeconfig's (admin) user at `${server}/clusters/root`. */
  root: ClusterClient;
  /** The kubeconfig the target was reached with, and the context in it. */
  kubeconfigPath: string;
  context?: string;
  /** PID of the server process when the harness spawned it (for RSS from /proc). */
  pid?: number;
  /** Whether root serves kcp Workspaces, by the rule the conformance fixture uses. */
  workspaces: WorkspacesDetection;
  /**
   * Where units that are namespaces live: root when the target serves workspaces (scenarios
   * work from root), else the cluster of the kubeconfig's context (plain Kubernetes).
   */
  namespaceHost: ClusterClient;
}

export interface Progress {
  /** Starts a bar (or periodic lines when not on a terminal) for `total` units. */
  start(label: string, total: number): void;
  update(done: number): void;
  stop(): void;
  log(line: string): void;
}

export interface BenchContext {
  target: BenchTarget;
  /** A workspace or a namespace per unit, and why. */
  tenancy: TenancyChoice;
  label: string;
  signal: AbortSignal;
  progress: Progress;
}

export interface Scenario<P> {
  name: ScenarioName;
  description: string;
  run(ctx: BenchContext, parameters: P): Promise<ScenarioResult>;
  /**
   * True for scenarios whose subject is workspaces themselves (creating them, their memory):
   * they refuse to run with a namespace per unit rather than measure something else.
   */
  needsWorkspaces?: boolean;
  /** Flags a reference server the harness spawns for this run must get (e.g. a larger cache). */
  referenceServerArgs?(parameters: P): string[];
}
