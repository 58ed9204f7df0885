// A reference server in a fresh directory plus harness clients for the contexts of its
// admin.kubeconfig, and one stop() that releases all of it: the set-up most integration tests
// share.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClusterClient, type ClusterClient } from '../../suites/framework/http/client.js';
import { loadConnection } from '../../suites/framework/http/connection.js';
import { createTransport, type Transport } from '../../suites/framework/http/transport.js';
import { DEFAULT_TIMEOUTS } from '../../suites/framework/timeouts.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

export interface ServerWithClients {
  server: ServerProcess;
  /** A client as the context's user at the context's server URL (root: /clusters/root). */
  client(context?: string): Promise<ClusterClient>;
  stop(): Promise<void>;
}

export async function startServerWithClients(
  name: string,
  extraArgs: string[] = [],
): Promise<ServerWithClients> {
  const rootDirectory = await mkdtemp(join(tmpdir(), `kcp-harness-${name}-`));
  const transports: Transport[] = [];
  let server: ServerProcess;
  try {
    server = await startServerProcess({ rootDirectory, extraArgs });
  } catch (e) {
    await rm(rootDirectory, { recursive: true, force: true });
    throw e;
  }
  return {
    server,
    async client(context = 'root') {
      const connection = await loadConnection(server.kubeconfigPath, context);
      const transport = createTransport(connection, DEFAULT_TIMEOUTS);
      transports.push(transport);
      return createClusterClient(transport, connection.server);
    },
    async stop() {
      for (const t of transports) t.agent.destroy();
      await server.stop();
      await rm(rootDirectory, { recursive: true, force: true });
    },
  };
}
