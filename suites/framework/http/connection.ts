// Where and as whom to connect, read from a kubeconfig context.
//
// Not @kubernetes/client-node's KubeConfig: the installed 2.x pulls in undici 8, which needs
// Node >= 22.19 and throws at import time on Node 20. The subset read here is what kcp's
// admin.kubeconfig and static-token/client-cert kubeconfigs use; exec and auth-provider plugins
// are refused with a clear message rather than half-supported.
import { readFile } from 'node:fs/promises';
import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';

export interface TlsOptions {
  ca?: HttpsRequestOptions['ca'];
  cert?: HttpsRequestOptions['cert'];
  key?: HttpsRequestOptions['key'];
  rejectUnauthorized?: boolean;
  servername?: string;
}

export interface Connection {
  /** The context's cluster URL; for kcp's admin.kubeconfig context root: https://host:port/clusters/root. */
  server: string;
  context: string;
  kubeconfigPath: string;
  tls: TlsOptions;
  /** Authentication headers (Authorization, Impersonate-User) sent with every request. */
  headers: Record<string, string>;
}

interface Named<T> {
  name: string;
  value: T;
}

interface ClusterEntry {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}

interface UserEntry {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  username?: string;
  password?: string;
  as?: string;
  exec?: unknown;
  'auth-provider'?: unknown;
}

interface ContextEntry {
  cluster?: string;
  user?: string;
}

function entries<T>(doc: Record<string, unknown>, list: string, field: string): Named<T>[] {
  const items = doc[list];
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new Error(`"${list}" is not a list`);
  return items.map((item: Record<string, unknown>) => ({
    name: String(item.name),
    value: (item[field] ?? {}) as T,
  }));
}

function find<T>(items: Named<T>[], name: string, what: string, file: string): T {
  const item = items.find((candidate) => candidate.name === name);
  if (!item) throw new Error(`kubeconfig ${file}: no ${what} "${name}"`);
  return item.value;
}

/** File contents or base64 data, as kubeconfig allows for certificates and keys. */
async function material(
  base: string,
  file: string | undefined,
  data: string | undefined,
): Promise<Buffer | undefined> {
  if (data) return Buffer.from(data, 'base64');
  if (file) return readFile(isAbsolute(file) ? file : resolve(base, file));
  return undefined;
}

/** The names of a kubeconfig's contexts, in file order. */
export async function listContexts(kubeconfigPath: string): Promise<string[]> {
  const doc = parse(await readFile(kubeconfigPath, 'utf8')) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') throw new Error(`kubeconfig ${kubeconfigPath}: not a YAML mapping`);
  return entries<ContextEntry>(doc, 'contexts', 'context').map((context) => context.name);
}

/** Loads a kubeconfig and resolves one context (the file's current-context when none is given). */
export async function loadConnection(kubeconfigPath: string, context?: string): Promise<Connection> {
  const doc = parse(await readFile(kubeconfigPath, 'utf8')) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') throw new Error(`kubeconfig ${kubeconfigPath}: not a YAML mapping`);
  const base = dirname(kubeconfigPath);
  const contexts = entries<ContextEntry>(doc, 'contexts', 'context');
  const contextName = context ?? (doc['current-context'] as string | undefined);
  if (!contextName) throw new Error(`kubeconfig ${kubeconfigPath}: no current-context and no --context`);
  if (!contexts.some((c) => c.name === contextName)) {
    const known = contexts.map((c) => c.name).join(', ') || 'none';
    throw new Error(`kubeconfig ${kubeconfigPath} has no context "${contextName}" (has: ${known})`);
  }
  const ctx = find(contexts, contextName, 'context', kubeconfigPath);
  const cluster = find(
    entries<ClusterEntry>(doc, 'clusters', 'cluster'),
    ctx.cluster ?? '',
    'cluster',
    kubeconfigPath,
  );
  const user = ctx.user
    ? find(entries<UserEntry>(doc, 'users', 'user'), ctx.user, 'user', kubeconfigPath)
    : {};

  const server = cluster.server;
  // The suites are a spec of behaviour over HTTPS; a plain-HTTP endpoint is not a kcp-like target.
  if (!server?.startsWith('https://')) {
    throw new Error(`kubeconfig ${kubeconfigPath}: server ${String(server)} is not an https:// URL`);
  }
  if (user.exec || user['auth-provider']) {
    throw new Error(
      `kubeconfig ${kubeconfigPath}: user "${ctx.user}" uses an exec/auth-provider plugin, which is not supported; use a token or client certificate`,
    );
  }

  const tls: TlsOptions = {};
  const ca = await material(base, cluster['certificate-authority'], cluster['certificate-authority-data']);
  if (ca) tls.ca = ca;
  if (cluster['insecure-skip-tls-verify']) tls.rejectUnauthorized = false;
  if (cluster['tls-server-name']) tls.servername = cluster['tls-server-name'];
  const cert = await material(base, user['client-certificate'], user['client-certificate-data']);
  const key = await material(base, user['client-key'], user['client-key-data']);
  if (cert) tls.cert = cert;
  if (key) tls.key = key;

  const headers: Record<string, string> = {};
  const token =
    user.token ??
    (user.tokenFile ? (await readFile(resolve(base, user.tokenFile), 'utf8')).trim() : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  else if (user.username !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
  }
  if (user.as) headers['impersonate-user'] = user.as;

  return { server: server.replace(/\/+$/, ''), context: contextName, kubeconfigPath, tls, headers };
}
