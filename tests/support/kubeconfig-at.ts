// A kubeconfig's current identity pointed at another URL of the same server: a workspace
// (/clusters/<path>) or a virtual workspace (the URL an endpoint slice publishes). Its context is
// `ws`; TLS settings and credentials are kept.
import { KubeConfig } from '@kubernetes/client-node';

/** The server URL of `source`'s current context without its /clusters/<x> suffix. */
export function serverBase(source: string, context?: string): string {
  const kc = new KubeConfig();
  kc.loadFromFile(source);
  if (context) kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig ${source} has no cluster for its current context`);
  return cluster.server.replace(/\/clusters\/[^/]+\/?$/, '');
}

/** The kubeconfig `source` (context `context`) with its server set to `server`. */
export function kubeconfigWithServer(source: string, context: string | undefined, server: string): string {
  const kc = new KubeConfig();
  kc.loadFromFile(source);
  if (context) kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig ${source} has no cluster for its current context`);
  const moved = new KubeConfig();
  moved.loadFromOptions({
    clusters: [{ ...cluster, server }],
    users: kc.users.filter((u) => u.name === kc.getCurrentUser()?.name),
    contexts: [{ name: 'ws', cluster: cluster.name, user: kc.getCurrentUser()!.name }],
    currentContext: 'ws',
  });
  return moved.exportConfig();
}

/** The kubeconfig `source` (context `context`) pointed at workspace `path` (e.g. root:org). */
export function kubeconfigAt(source: string, context: string | undefined, path: string): string {
  return kubeconfigWithServer(source, context, `${serverBase(source, context)}/clusters/${path}`);
}
