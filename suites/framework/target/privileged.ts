// Finds an identity in group system:masters among the kubeconfig's contexts, for the tests that
// need one (wildcard requests, reading a deleted workspace's logical cluster by name). kcp's
// admin.kubeconfig has one (user shard-admin, contexts shard-base and system:admin); kcp's e2e
// tests use it as RootShardSystemMasterBaseConfig. Membership is asked of the server with a
// SelfSubjectReview rather than guessed from user names, so the inference stays honest.
import { createClusterClient, type ClusterClient } from '../http/client.js';
import { listContexts, loadConnection } from '../http/connection.js';
import { createTransport, type Transport } from '../http/transport.js';
import type { Timeouts } from '../timeouts.js';

export const SYSTEM_MASTERS = 'system:masters';

export interface UserInfo {
  username?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface PrivilegedIdentity {
  context: string;
  username: string;
  /** A client with this identity for another base URL of the same server. */
  clientAt(baseUrl: string): ClusterClient;
  /** Closes the identity's connections. */
  close(): void;
}

export interface IdentitySearch {
  identity?: PrivilegedIdentity;
  /** One line per context, for conformance.log. */
  evidence: string[];
}

export interface IdentitySearchOptions {
  kubeconfigPath: string;
  /** The workspace the target's context addresses; the review is made there, as that identity. */
  workspaceUrl: string;
  timeouts: Pick<Timeouts, 'request' | 'watchEvent'>;
  signal?: AbortSignal;
}

/** Who the server says a client is (authentication.k8s.io/v1 SelfSubjectReview). */
export async function whoAmI(client: ClusterClient, signal?: AbortSignal): Promise<UserInfo | undefined> {
  const response = await client.post<{ status?: { userInfo?: UserInfo } }>(
    '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    { signal },
  );
  return response.status === 201 ? response.body?.status?.userInfo : undefined;
}

export async function findPrivilegedIdentity(options: IdentitySearchOptions): Promise<IdentitySearch> {
  const evidence: string[] = [];
  const origin = new URL(options.workspaceUrl).origin;
  const asked = new Set<string>();
  for (const context of await listContexts(options.kubeconfigPath)) {
    let transport: Transport | undefined;
    try {
      const connection = await loadConnection(options.kubeconfigPath, context);
      if (new URL(connection.server).origin !== origin) {
        evidence.push(`context ${context}: another server (${connection.server})`);
        continue;
      }
      // Contexts often share a user (kcp: root and base are both kcp-admin); ask once per credential.
      const credential = JSON.stringify([connection.headers, connection.tls.cert?.toString()]);
      if (asked.has(credential)) continue;
      asked.add(credential);
      transport = createTransport(connection, options.timeouts);
      const user = await whoAmI(createClusterClient(transport, options.workspaceUrl), options.signal);
      if (!user) {
        evidence.push(`context ${context}: SelfSubjectReview not answered with 201`);
      } else if (user.groups?.includes(SYSTEM_MASTERS)) {
        evidence.push(`context ${context}: user ${user.username ?? '?'} is in ${SYSTEM_MASTERS}`);
        const kept = transport;
        transport = undefined;
        return {
          evidence,
          identity: {
            context,
            username: user.username ?? '',
            clientAt: (baseUrl) => createClusterClient(kept, baseUrl),
            close: () => kept.agent.destroy(),
          },
        };
      } else {
        evidence.push(`context ${context}: user ${user.username ?? '?'} is not in ${SYSTEM_MASTERS}`);
      }
    } catch (error) {
      evidence.push(`context ${context}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      transport?.agent.destroy();
    }
  }
  return { evidence };
}
