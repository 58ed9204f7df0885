// Settles where a run's test users come from: --users-kubeconfig when given (a broken file
// stops the run), else impersonation by the identity found at discovery, else none, in which case
// the tests that need users are skipped with the reason and the way out.
import type { RunLog } from '../run-log.js';
import type { Timeouts } from '../timeouts.js';
import {
  impersonationPool,
  kubeconfigPool,
  unavailablePool,
  type Impersonator,
  type UserPool,
} from './test-users.js';
import { loadUsersKubeconfig } from './users-kubeconfig.js';

export interface UserPoolOptions {
  usersKubeconfig?: string;
  impersonator?: Impersonator;
  /** What the impersonation search found, for the reason when nobody may impersonate. */
  impersonationEvidence: readonly string[];
  runId: string;
  workspaceUrl: string;
  timeouts: Pick<Timeouts, 'request' | 'watchEvent'>;
  log: RunLog;
  signal?: AbortSignal;
}

export async function openUserPool(options: UserPoolOptions): Promise<UserPool> {
  const say = (message: string): void => options.log.write('harness', `test users: ${message}`);
  if (options.usersKubeconfig !== undefined) {
    const { users, evidence } = await loadUsersKubeconfig({
      path: options.usersKubeconfig,
      workspaceUrl: options.workspaceUrl,
      timeouts: options.timeouts,
      signal: options.signal,
    });
    for (const line of evidence) say(line);
    const pool = kubeconfigPool(options.usersKubeconfig, users);
    say(pool.info().describe);
    return pool;
  }
  if (options.impersonator) {
    const pool = impersonationPool(options.impersonator, options.runId);
    say(pool.info().describe);
    return pool;
  }
  const pool = unavailablePool(
    `no identity of the kubeconfig may impersonate (${options.impersonationEvidence.join('; ') || 'none tried'})`,
  );
  say(pool.info().describe);
  return pool;
}
