// A conformance test is data plus a function (Gateway API's ConformanceTest): the data says
// what behaviour is required, how strongly, what the target must support for the test to apply,
// and where that behaviour is defined; the function checks it against a live target.
import type { EventuallyOptions } from './eventually.js';
import type { FeatureName } from './features.js';
import type { ClusterClient } from './http/client.js';
import type { CreatedWorkspace, CreateWorkspaceOptions, WorkspaceRef } from './tenancy.js';
import type { Timeouts } from './timeouts.js';
import type { UserRequirements, Users } from './users/test-users.js';

export type Level = 'MUST' | 'SHOULD';

export interface TestContext {
  /** A client for the workspace under test; paths are relative to it (e.g. /api/v1/...). */
  readonly client: ClusterClient;
  /** A namespace created for this test alone (inside its workspace, if it has one). */
  readonly namespace: string;
  /**
   * The workspace created for this test alone, under the run workspace; undefined when the
   * target lacks the Workspaces feature (the test then runs in the context's workspace).
   */
  readonly workspace: WorkspaceRef | undefined;
  /**
   * Creates one more workspace (default parent: the test's own workspace; the type is left to
   * the server unless given), waits until it is Ready and reachable by its path, and deletes it
   * with the test's workspace. Needs the Workspaces feature.
   */
  createWorkspace(name?: string, options?: CreateWorkspaceOptions): Promise<CreatedWorkspace>;
  /** `<server>/clusters/<cluster>` for a logical cluster name, a workspace path or `*`; for client.at(). */
  clusterUrl(cluster: string): string;
  /**
   * A client for the test's workspace with the kubeconfig's system:masters identity. Throws when
   * there is none: a test that calls it must list the PrivilegedIdentity feature.
   */
  privileged(): ClusterClient;
  /**
   * The first `count` test users: identities other than the run's, granted nothing by the harness
   * (kh-<run id>-user-<n> impersonated by the kubeconfig's identity, or the users of
   * --users-kubeconfig in context order). Every call in a test yields the same users, with clients
   * for the test's workspace. Throws a MissingPrerequisite, saying what to pass, when the run
   * cannot provide them: the test is then reported skipped (prerequisite.ts).
   */
  users<N extends number>(count: N, requirements?: UserRequirements): Users<N>;
  /**
   * A client that authenticates with this bearer token alone (e.g. a service account token from
   * a TokenRequest), trusting the server as the kubeconfig does; default base URL: the test's workspace.
   */
  clientWithToken(token: string, baseUrl?: string): ClusterClient;
  readonly timeouts: Readonly<Timeouts>;
  /** Features the target supports (claimed or inferred). */
  readonly features: ReadonlySet<FeatureName>;
  /** Aborted when the test times out or the run is interrupted. */
  readonly signal: AbortSignal;
  /** A line in conformance.log, attributed to this test. */
  log(message: string): void;
  /** Polls fn until it holds; defaults come from the timeouts (see eventually.ts). */
  eventually<T>(fn: () => Promise<T>, options?: Partial<EventuallyOptions>): Promise<T>;
  /** A fresh DNS-1123 label that starts with prefix, unique within the run. */
  uniqueName(prefix: string): string;
}

export interface ConformanceTest {
  /** `<area>/<behaviour>`, stable across releases: reports and --focus/--skip refer to it. */
  readonly id: string;
  readonly area: string;
  /** One RFC 2119 sentence stating the required behaviour, containing the level keyword. */
  readonly description: string;
  readonly level: Level;
  /** All must be supported by the target, or the test is skipped. */
  readonly features: readonly FeatureName[];
  /**
   * Where the behaviour is defined, as "<repository>: <path>" (kubernetes: staging/src/k8s.io/...,
   * kcp: pkg/..., test/e2e/...), so a reviewer can check the test against the original.
   */
  readonly source: readonly string[];
  /**
   * The test's time limit in ms, when the test timeout is not enough (e.g. it waits for several
   * workspaces); default: timeouts.test. See workspaceDeadline.
   */
  readonly deadline?: (timeouts: Readonly<Timeouts>) => number;
  /**
   * Why the test must not run beside others in a parallel run (--parallel): it changes or watches
   * state every test shares (root, /clusters/*, the shard's /metrics, discovery documents of a plain
   * Kubernetes server). Such tests run first, one at a time, with nothing beside them.
   */
  readonly serial?: string;
  /**
   * Why the test takes long on any target (e.g. it waits for a periodic event); a parallel run
   * starts it before the others, so they run while it waits.
   */
  readonly slow?: string;
  run(ctx: TestContext): Promise<void>;
}

/** The time limit of a test. */
export function testDeadline(test: ConformanceTest, timeouts: Readonly<Timeouts>): number {
  return test.deadline ? test.deadline(timeouts) : timeouts.test;
}

/** A deadline for a test that waits for `transitions` workspace lifecycle transitions (Ready or gone). */
export function workspaceDeadline(transitions: number): (timeouts: Readonly<Timeouts>) => number {
  return (timeouts) => timeouts.test + transitions * timeouts.workspaceReady;
}

/** Checks the declarations; a suite index that fails this is a programming error. */
export function validateTests(tests: readonly ConformanceTest[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const test of tests) {
    if (seen.has(test.id)) problems.push(`${test.id}: duplicate id`);
    seen.add(test.id);
    if (!/^[a-z0-9-]+\/[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(test.id))
      problems.push(`${test.id}: id must be area/kebab-case`);
    if (!test.id.startsWith(`${test.area}/`))
      problems.push(`${test.id}: id must start with its area "${test.area}/"`);
    if (!new RegExp(`\\b${test.level}\\b`).test(test.description)) {
      problems.push(`${test.id}: description must contain its level keyword ${test.level}`);
    }
    for (const [field, reason] of [
      ['serial', test.serial],
      ['slow', test.slow],
    ] as const) {
      if (reason !== undefined && reason.trim() === '') problems.push(`${test.id}: ${field} must say why`);
    }
    if (test.source.length === 0)
      problems.push(`${test.id}: source must name where the behaviour is defined`);
    for (const source of test.source) {
      if (!/^(kubernetes|kcp): \S/.test(source))
        problems.push(`${test.id}: source "${source}" must start with "kubernetes: " or "kcp: "`);
    }
  }
  return problems;
}
