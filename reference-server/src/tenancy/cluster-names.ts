// Logical cluster names of workspaces: 16 lowercase base36 characters from 32 random bytes
// hashed with SHA-224, as kcp generates them (pkg/reconciler/tenancy/workspace/
// workspace_reconcile_scheduling.go randomClusterName); collisions are negligible (kcp: P < 1e-9
// for 2^26 clusters).

import { createHash, randomBytes } from 'node:crypto';

export function toBase36(bytes: Buffer): string {
  return BigInt(`0x${bytes.toString('hex')}`).toString(36);
}

export function randomClusterName(): string {
  const digest = createHash('sha224').update(randomBytes(32)).digest();
  return toBase36(digest).padStart(16, '0').slice(0, 16);
}

/** The home workspace's cluster name for a user: deterministic, same recipe on the user name. */
export function homeClusterName(username: string): string {
  return toBase36(createHash('sha224').update(username).digest()).padStart(16, '0').slice(0, 16);
}
