// Where the authorization matrix runs: a reference server it starts itself, or — with
// KH_MATRIX_KUBECONFIG — any kcp-compatible endpoint. Either way it needs a system:masters
// identity (KH_MATRIX_CONTEXT, default `system:admin`) and, when the kubeconfig has one, a kcp-admin
// identity (KH_MATRIX_KCP_ADMIN_CONTEXT, default `root`) to impersonate through as well.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listContexts, loadConnection } from '../../suites/framework/http/connection.js';
import { createActor, type Actor } from './matrix-http.js';
import { startServerProcess } from './server-process.js';

export interface MatrixTarget {
  description: string;
  kubeconfigPath: string;
  mastersContext: string;
  kcpAdminContext: string | undefined;
  masters: Actor;
  kcpAdmin: Actor | undefined;
  stop(): Promise<void>;
}

const DEFAULT_MASTERS_CONTEXT = 'system:admin';
const DEFAULT_KCP_ADMIN_CONTEXT = 'root';

async function actors(
  kubeconfigPath: string,
  mastersContext: string,
  kcpAdminContext: string | undefined,
): Promise<Pick<MatrixTarget, 'masters' | 'kcpAdmin' | 'kcpAdminContext'>> {
  const contexts = await listContexts(kubeconfigPath);
  const masters = createActor(await loadConnection(kubeconfigPath, mastersContext));
  const adminContext = kcpAdminContext && contexts.includes(kcpAdminContext) ? kcpAdminContext : undefined;
  const kcpAdmin = adminContext ? createActor(await loadConnection(kubeconfigPath, adminContext)) : undefined;
  return { masters, kcpAdmin, kcpAdminContext: adminContext };
}

export async function openMatrixTarget(env: NodeJS.ProcessEnv = process.env): Promise<MatrixTarget> {
  const external = env.KH_MATRIX_KUBECONFIG;
  if (external) {
    const mastersContext = env.KH_MATRIX_CONTEXT || DEFAULT_MASTERS_CONTEXT;
    const requested = env.KH_MATRIX_KCP_ADMIN_CONTEXT ?? DEFAULT_KCP_ADMIN_CONTEXT;
    const a = await actors(external, mastersContext, requested || undefined);
    return {
      description: `${a.masters.serverUrl} (kubeconfig ${external}, context ${mastersContext})`,
      kubeconfigPath: external,
      mastersContext,
      ...a,
      async stop() {
        a.masters.close();
        a.kcpAdmin?.close();
      },
    };
  }
  const rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-authz-matrix-'));
  try {
    const server = await startServerProcess({ rootDirectory });
    const a = await actors(server.kubeconfigPath, DEFAULT_MASTERS_CONTEXT, DEFAULT_KCP_ADMIN_CONTEXT).catch(
      async (error: unknown) => {
        await server.stop();
        throw error;
      },
    );
    return {
      description: `reference server ${server.url}`,
      kubeconfigPath: server.kubeconfigPath,
      mastersContext: DEFAULT_MASTERS_CONTEXT,
      ...a,
      async stop() {
        a.masters.close();
        a.kcpAdmin?.close();
        await server.stop();
        await rm(rootDirectory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(rootDirectory, { recursive: true, force: true });
    throw error;
  }
}
