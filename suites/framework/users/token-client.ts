// Clients that authenticate with nothing but a bearer token (e.g. a service account's, from a
// TokenRequest): the target's TLS trust settings, none of the kubeconfig's credentials (no client
// certificate, no impersonation), so the server sees the token's identity alone.
import { Agent } from 'node:https';
import { createClusterClient, type ClusterClient } from '../http/client.js';
import type { Connection } from '../http/connection.js';
import type { Timeouts } from '../timeouts.js';

export interface TokenClients {
  clientWithToken(token: string, baseUrl: string): ClusterClient;
  close(): void;
}

export function tokenClients(
  connection: Connection,
  timeouts: Pick<Timeouts, 'request' | 'watchEvent'>,
): TokenClients {
  // Only what decides whether we trust the server; the client certificate stays out.
  const { ca, rejectUnauthorized, servername } = connection.tls;
  const agent = new Agent({ keepAlive: true, ca, rejectUnauthorized, servername });
  return {
    clientWithToken(token, baseUrl) {
      if (token === '' || /[\r\n]/.test(token)) throw new Error('clientWithToken: not a usable bearer token');
      return createClusterClient({ agent, headers: { authorization: `Bearer ${token}` }, timeouts }, baseUrl);
    },
    close: () => agent.destroy(),
  };
}
