// Reads --users-kubeconfig: every context is a test user with its own credentials (token or
// client certificate) for the server under test, taken in file order. Who each one is comes
// from the server (SelfSubjectReview), not from the file's names; a user in a special group
// (system:masters, system:kcp:admin, ...) would pass tests that must be denied, so it is refused.
import { clusterUrl, serverOf } from '../cluster-paths.js';
import { createClusterClient } from '../http/client.js';
import { listContexts, loadConnection } from '../http/connection.js';
import { createTransport, type Transport } from '../http/transport.js';
import { whoAmI, type UserInfo } from '../target/privileged.js';
import type { Timeouts } from '../timeouts.js';
import type { OwnUser } from './test-users.js';

/** The only system: group a test user may be in: every authenticated user is. */
export const AUTHENTICATED = 'system:authenticated';

export interface UsersKubeconfigOptions {
  path: string;
  /** The workspace the target's context addresses; users are asked who they are there, else in root. */
  workspaceUrl: string;
  timeouts: Pick<Timeouts, 'request' | 'watchEvent'>;
  signal?: AbortSignal;
}

export interface UsersKubeconfig {
  users: OwnUser[];
  /** One line per context, for conformance.log. */
  evidence: string[];
}

/** Groups that make a user unfit as a test user: every system: group but system:authenticated. */
export function specialGroups(groups: readonly string[]): string[] {
  return groups.filter((group) => group.startsWith('system:') && group !== AUTHENTICATED);
}

/** Asks in the context's workspace, then in root (where kcp lets every authenticated user in). */
async function ask(transport: Transport, workspaceUrl: string, signal?: AbortSignal): Promise<UserInfo> {
  const places = [...new Set([workspaceUrl, clusterUrl(serverOf(workspaceUrl), 'root')])];
  for (const place of places) {
    const user = await whoAmI(createClusterClient(transport, place), signal);
    if (user?.username) return user;
  }
  throw new Error(`no SelfSubjectReview was answered with 201 in ${places.join(' or ')}`);
}

/** Loads every user; throws, naming the context, when one is unusable (and closes the rest). */
export async function loadUsersKubeconfig(options: UsersKubeconfigOptions): Promise<UsersKubeconfig> {
  const { path, workspaceUrl, signal } = options;
  const origin = new URL(workspaceUrl).origin;
  const users: OwnUser[] = [];
  const evidence: string[] = [];
  try {
    const contexts = await listContexts(path);
    if (contexts.length === 0) throw new Error('it has no contexts');
    for (const context of contexts) {
      const connection = await loadConnection(path, context).catch((error: unknown) => {
        throw new Error(`context ${context}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      });
      if (new URL(connection.server).origin !== origin) {
        throw new Error(`context ${context}: server ${connection.server} is not the target's (${origin})`);
      }
      const transport = createTransport(connection, options.timeouts);
      let user: UserInfo;
      try {
        user = await ask(transport, workspaceUrl, signal);
      } catch (error) {
        transport.agent.destroy();
        throw new Error(`context ${context}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      const name = user.username ?? '';
      const groups = user.groups ?? [];
      const special = specialGroups(groups);
      if (special.length > 0) {
        transport.agent.destroy();
        throw new Error(
          `context ${context}: user ${name} is in ${special.join(', ')}; test users must have no special groups`,
        );
      }
      if (users.some((other) => other.name === name)) {
        transport.agent.destroy();
        evidence.push(`context ${context}: user ${name} again, skipped`);
        continue;
      }
      evidence.push(`context ${context}: user ${name}, groups ${groups.join(',') || 'none'}`);
      users.push({
        context,
        name,
        groups,
        clientAt: (baseUrl) => createClusterClient(transport, baseUrl),
        close: () => transport.agent.destroy(),
      });
    }
    return { users, evidence };
  } catch (error) {
    for (const user of users) user.close();
    throw new Error(`--users-kubeconfig ${path}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
