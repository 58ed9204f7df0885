// autocannon and the open-loop driver open their own connections, so they need the raw TLS
// material and authentication headers, which the target's ClusterClient keeps to itself. They
// are read again from the target's kubeconfig, from a context that reaches the target's server:
// the one the target names if it carries a context, else the current context, else the first.
import { serverOf } from '../../suites/framework/cluster-paths.js';
import { listContexts, loadConnection, type Connection } from '../../suites/framework/http/connection.js';
import type { BenchTarget } from '../framework/scenario.js';

export async function benchConnection(target: BenchTarget): Promise<Connection> {
  const wanted = target.server.replace(/\/+$/, '');
  const reaches = (connection: Connection | undefined): connection is Connection =>
    connection !== undefined && serverOf(connection.server) === wanted;
  const load = (context?: string): Promise<Connection | undefined> =>
    loadConnection(target.kubeconfigPath, context).catch(() => undefined);

  if (target.context) {
    const named = await load(target.context);
    if (reaches(named)) return named;
  }
  const current = await load();
  if (reaches(current)) return current;
  for (const context of await listContexts(target.kubeconfigPath)) {
    const connection = await load(context);
    if (reaches(connection)) return connection;
  }
  throw new Error(`no context of kubeconfig ${target.kubeconfigPath} reaches ${wanted}`);
}
