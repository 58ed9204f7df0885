// Test users: identities other than the run's, for tests about who may do what. A run takes them
// from one source, settled at its start (open-pool.ts): made-up users impersonated by an identity
// of the kubeconfig, or users with their own credentials from --users-kubeconfig. Tests take
// them by position, so every call within a test yields the same users, and each test binds them
// only inside its own fresh workspace, so tests never see each other's grants.
import type { TestUsersInfo } from '../../../reports/conformance/model.js';
import type { ClusterClient } from '../http/client.js';
import { MissingPrerequisite } from '../prerequisite.js';

export const IMPERSONATE_USER = 'impersonate-user';
export const IMPERSONATE_GROUP = 'impersonate-group';

/** How many users the suites ask for at most; the --users-kubeconfig help names it. */
export const USERS_NEEDED = 3;

export interface TestUser {
  /** The user name the server sees; RBAC subjects of kind User name it. */
  readonly name: string;
  /** The groups the server puts the user in (system:authenticated, and a file user's own). */
  readonly groups: readonly string[];
  /** A client for the test's workspace acting as this user; client.at(url) for any other URL. */
  readonly client: ClusterClient;
  /**
   * impersonated: the run's impersonator sends Impersonate-User, so this client cannot
   * impersonate anyone itself; own: the user's own credentials from --users-kubeconfig.
   */
  readonly credentials: 'impersonated' | 'own';
}

/** `count` users as a tuple type for a literal count, so `const [a, b] = ctx.users(2)` needs no checks. */
export type Users<N extends number, Taken extends TestUser[] = []> = number extends N
  ? TestUser[]
  : Taken['length'] extends N
    ? Taken
    : Users<N, [...Taken, TestUser]>;

export interface UserRequirements {
  /**
   * The users must count as themselves in every workspace, also for work the server does on
   * their behalf elsewhere (kcp initializes a new workspace as its creator). kcp scopes users
   * impersonated by an identity outside system:masters to the workspace of each request, so
   * those do not qualify.
   */
  unscoped?: boolean;
}

export interface UserPool {
  /** The first `count` users, with clients for the workspace at workspaceUrl; throws when it cannot. */
  take(count: number, workspaceUrl: string, requirements?: UserRequirements): TestUser[];
  /** What the report says; lists the users handed out so far. */
  info(): TestUsersInfo;
  /** Closes the users' connections. */
  close(): void;
}

/** An identity of the kubeconfig that the server lets impersonate ordinary users. */
export interface Impersonator {
  name: string;
  /** Whether the server scopes the users it impersonates to the workspace of each request. */
  scoped: boolean;
  /** The groups the server gave an impersonated user that asked who it is. */
  groups: string[];
  /** A client with the impersonator's own credentials for a base URL. */
  clientAt(baseUrl: string): ClusterClient;
}

/** A user with its own credentials, read from --users-kubeconfig. */
export interface OwnUser {
  context: string;
  name: string;
  groups: string[];
  clientAt(baseUrl: string): ClusterClient;
  close(): void;
}

const ADVICE =
  `pass --users-kubeconfig FILE (see README, Test users): a kubeconfig for the same server whose contexts are ` +
  `${USERS_NEEDED} or more users with their own tokens or client certificates and no special groups`;

/** "needs 2 test users" */
const needs = (count: number): string => `needs ${count} test user${count === 1 ? '' : 's'}`;

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error(`users(${count}): ask for 1 or more users`);
}

/** `kh-<run id>-user-<n>`: unique per run, so runs never share RBAC state by accident. */
export function impersonatedUserName(runId: string, position: number): string {
  return `kh-${runId}-user-${position}`;
}

export function impersonationPool(impersonator: Impersonator, runId: string): UserPool {
  let handedOut = 0;
  const names = (count: number): string[] =>
    Array.from({ length: count }, (_, index) => impersonatedUserName(runId, index + 1));
  return {
    take(count, workspaceUrl, requirements = {}) {
      checkCount(count);
      if (requirements.unscoped && impersonator.scoped) {
        throw new MissingPrerequisite(
          `${needs(count)} that count as themselves in every workspace, but the server scopes the users ` +
            `${impersonator.name} impersonates to the workspace of each request (kcp does unless the impersonator ` +
            `is in system:masters); use a kubeconfig that also holds a system:masters identity, or ${ADVICE}`,
        );
      }
      handedOut = Math.max(handedOut, count);
      const client = impersonator.clientAt(workspaceUrl);
      return names(count).map((name) => ({
        name,
        groups: impersonator.groups,
        client: client.withHeaders({ [IMPERSONATE_USER]: name }),
        credentials: 'impersonated',
      }));
    },
    info: () => ({
      source: 'impersonation',
      describe:
        `users kh-${runId}-user-<n> impersonated by ${impersonator.name}` +
        (impersonator.scoped ? ' (scoped by the server to the workspace of each request)' : ''),
      impersonator: impersonator.name,
      scoped: impersonator.scoped,
      users: names(handedOut),
    }),
    close() {},
  };
}

export function kubeconfigPool(path: string, users: readonly OwnUser[]): UserPool {
  let handedOut = 0;
  return {
    take(count, workspaceUrl) {
      checkCount(count);
      if (count > users.length) {
        throw new MissingPrerequisite(
          `${needs(count)}, but --users-kubeconfig ${path} has ${users.length}: add users to it (see README, Test users)`,
        );
      }
      handedOut = Math.max(handedOut, count);
      return users.slice(0, count).map((user) => ({
        name: user.name,
        groups: user.groups,
        client: user.clientAt(workspaceUrl),
        credentials: 'own',
      }));
    },
    info: () => ({
      source: 'users-kubeconfig',
      describe: `users from ${path}: ${users.map((user) => `${user.name} (context ${user.context})`).join(', ')}`,
      kubeconfig: path,
      users: users.slice(0, handedOut).map((user) => user.name),
    }),
    close() {
      for (const user of users) user.close();
    },
  };
}

/** No source works: every test that asks for users is skipped, saying why and what to pass. */
export function unavailablePool(reason: string): UserPool {
  return {
    take(count) {
      checkCount(count);
      throw new MissingPrerequisite(`${needs(count)}: ${ADVICE}; here ${reason}`);
    },
    info: () => ({ source: 'none', describe: `no test users: ${reason}`, users: [], reason }),
    close() {},
  };
}
