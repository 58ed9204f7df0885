// Waits until a server says it is ready. kcp (and our reference server) answer the top-level
// /readyz with the body "ok" once bootstrap is done; it is always authorized
// (kcp: pkg/server/options/authorization.go, --authorization-always-allow-paths).
import { eventually } from '../eventually.js';
import type { ClusterClient } from '../http/client.js';

export async function waitForReady(
  client: ClusterClient,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const server = client.at(new URL(client.baseUrl).origin);
  await eventually(
    async () => {
      const response = await server.get('/readyz', { signal });
      if (response.status !== 200 || response.text.trim() !== 'ok') {
        throw new Error(`/readyz answered ${response.status}: ${response.text.slice(0, 300)}`);
      }
    },
    { timeoutMs, intervalMs: 250, consecutive: 1, signal, description: `${server.baseUrl}/readyz == ok` },
  );
}
