// The hashes kcp derives names and identities from. They must be kcp's bit for bit: clients
// compare status.identityHash with their own, and labels and default binding names are seen.

import { createHash, randomBytes } from 'node:crypto';

const base62Digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Go's big.Int.Text(62) of the bytes read as an unsigned big-endian number. */
export function base62(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  if (n === 0n) return '0';
  let out = '';
  while (n > 0n) {
    out = base62Digits[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return out;
}

export function base62Sha224(text: string): string {
  return base62(createHash('sha224').update(text).digest());
}

/** A new identity key: 256 random bits, base64url without padding (43 characters). */
export function newIdentityKey(): string {
  return randomBytes(32).toString('base64url');
}

/** status.identityHash: hex SHA-256 of the identity Secret's `key` bytes. */
export function identityHash(key: Buffer | string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The `internal.apis.kcp.io/export` label value of a binding to `<cluster>:<name>`. */
export function exportLabelValue(exportCluster: string, exportName: string): string {
  return base62Sha224(`${exportCluster}:${exportName}`);
}

const maxExportNamePrefix = 253 - 1 - 5;

/**
 * Name of a default APIBinding the apibinder initializer creates: the export name (cut to fit)
 * and the first five characters, lowercased, of base62(SHA-224(`<cluster>|<path>|<name>`)).
 */
export function defaultBindingName(cluster: string, exportPath: string, exportName: string): string {
  const hash = base62Sha224(`${cluster}|${exportPath}|${exportName}`).slice(0, 5).toLowerCase();
  return `${exportName.slice(0, maxExportNamePrefix)}-${hash}`;
}
