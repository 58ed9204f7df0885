// The admin identities and <root>/admin.kubeconfig, shaped like the one `kcp start` writes
// (kcp pkg/server/options/authentication.go, battery `admin`): clusters root, base and
// system:admin; contexts root (current) and base as kcp-admin, system:admin and shard-base as
// shard-admin. As in kcp, the shard-admin token survives restarts (only its SHA-256 is kept in
// .admin-token-store) and the kcp-admin token is new at every start.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify, parse } from 'yaml';
import { kcpAdminGroup, systemMasters, type UserInfo } from './authn/user.js';
import { writeFileAtomic } from './files.js';

export interface AdminIdentities {
  tokens: Map<string, UserInfo>;
  shardAdminToken: string;
  kcpAdminToken: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newToken = () => randomBytes(32).toString('hex');

function previousShardAdminToken(dir: string): string | undefined {
  const store = join(dir, '.admin-token-store');
  const kubeconfig = join(dir, 'admin.kubeconfig');
  if (!existsSync(store) || !existsSync(kubeconfig)) return undefined;
  try {
    const kc = parse(readFileSync(kubeconfig, 'utf8')) as {
      users?: { name: string; user?: { token?: string } }[];
    };
    const token = kc.users?.find((u) => u.name === 'shard-admin')?.user?.token;
    if (token && sha256(token) === readFileSync(store, 'utf8').trim()) return token;
  } catch {
    // An unreadable kubeconfig just means a new token.
  }
  return undefined;
}

export function loadAdminIdentities(dir: string): AdminIdentities {
  const shardAdminToken = previousShardAdminToken(dir) ?? newToken();
  writeFileAtomic(join(dir, '.admin-token-store'), sha256(shardAdminToken), 0o600);
  const kcpAdminToken = newToken();
  const tokens = new Map<string, UserInfo>([
    [shardAdminToken, { name: 'shard-admin', uid: 'shard-admin', groups: [systemMasters] }],
    [kcpAdminToken, { name: 'kcp-admin', uid: 'kcp-admin', groups: [kcpAdminGroup] }],
  ]);
  return { tokens, shardAdminToken, kcpAdminToken };
}

export function serverURL(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `https://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

export function writeAdminKubeconfig(
  dir: string,
  baseURL: string,
  caPem: string,
  ids: AdminIdentities,
): string {
  const ca = Buffer.from(caPem).toString('base64');
  const cluster = (name: string, server: string) => ({
    name,
    cluster: { server, 'certificate-authority-data': ca },
  });
  const context = (name: string, clusterName: string, user: string) => ({
    name,
    context: { cluster: clusterName, user },
  });
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      cluster('base', baseURL),
      cluster('root', `${baseURL}/clusters/root`),
      cluster('system:admin', `${baseURL}/clusters/system:admin`),
    ],
    contexts: [
      context('base', 'base', 'kcp-admin'),
      context('root', 'root', 'kcp-admin'),
      context('shard-base', 'base', 'shard-admin'),
      context('system:admin', 'system:admin', 'shard-admin'),
    ],
    'current-context': 'root',
    users: [
      { name: 'kcp-admin', user: { token: ids.kcpAdminToken } },
      { name: 'shard-admin', user: { token: ids.shardAdminToken } },
    ],
    preferences: {},
  };
  const path = join(dir, 'admin.kubeconfig');
  writeFileAtomic(path, stringify(doc), 0o600);
  return path;
}
