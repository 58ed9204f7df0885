// Builds the TestContext a test's run function receives from the fixture's scope and the run's
// settings.
import { clusterUrl, serverOf } from './cluster-paths.js';
import type { TestContext } from './conformance-test.js';
import { DEFAULT_EVENTUALLY, eventually } from './eventually.js';
import type { FeatureName } from './features.js';
import type { TestScope } from './fixtures/fixture.js';
import type { ClusterClient } from './http/client.js';
import { uniqueName } from './names.js';
import { MissingPrerequisite } from './prerequisite.js';
import type { RunLog } from './run-log.js';
import type { Timeouts } from './timeouts.js';
import type { TokenClients } from './users/token-client.js';
import type { UserPool, UserRequirements, Users } from './users/test-users.js';

export interface ContextOptions {
  testId: string;
  scope: TestScope;
  timeouts: Timeouts;
  features: ReadonlySet<FeatureName>;
  signal: AbortSignal;
  log: RunLog;
  /** A client with a system:masters identity for a base URL, when the kubeconfig has one. */
  privileged?: (baseUrl: string) => ClusterClient;
  /** Where test users come from; without it ctx.users() throws. */
  users?: UserPool;
  /** Clients authenticated by a bearer token alone; without it ctx.clientWithToken() throws. */
  tokenClients?: Pick<TokenClients, 'clientWithToken'>;
}

export function createTestContext({
  testId,
  scope,
  timeouts,
  features,
  signal,
  log,
  privileged,
  users,
  tokenClients,
}: ContextOptions): TestContext {
  const server = serverOf(scope.client.baseUrl);
  return {
    client: scope.client,
    namespace: scope.namespace,
    workspace: scope.workspace,
    createWorkspace: (name, options) => scope.createWorkspace(name, options),
    clusterUrl: (cluster) => clusterUrl(server, cluster),
    privileged() {
      if (!privileged) {
        // A test that calls this lists PrivilegedIdentity, so it only gets here with claimed features.
        throw new MissingPrerequisite(
          'needs a system:masters identity: the kubeconfig holds none for this server (kcp: admin.kubeconfig ' +
            'has one, context shard-base); the PrivilegedIdentity feature was claimed without it',
        );
      }
      return privileged(scope.client.baseUrl);
    },
    users<N extends number>(count: N, requirements?: UserRequirements): Users<N> {
      if (!users) throw new MissingPrerequisite('needs test users, and this run has none');
      // take() returns exactly `count` users, which is what the tuple type says.
      return users.take(count, scope.client.baseUrl, requirements) as Users<N>;
    },
    clientWithToken(token, baseUrl = scope.client.baseUrl) {
      if (!tokenClients) throw new Error('this run cannot make token clients');
      return tokenClients.clientWithToken(token, baseUrl);
    },
    timeouts,
    features,
    signal,
    log: (message) => log.write(testId, message),
    eventually: (fn, options) =>
      eventually(fn, { ...DEFAULT_EVENTUALLY, timeoutMs: timeouts.eventually, signal, ...options }),
    uniqueName,
  };
}
