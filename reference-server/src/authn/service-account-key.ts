// The key service-account tokens are signed with: RSA (tokens are RS256, as kcp's), generated
// into <root>/sa.key on first start and reused after, so tokens stay valid across restarts.

import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../files.js';
import { keyIdOf } from './jwt.js';

export interface ServiceAccountKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

export const serviceAccountKeyFile = 'sa.key';

export function serviceAccountKeyFromPem(pem: string): ServiceAccountKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('the service-account key must be an RSA key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * Loads <dir>/sa.key, generating it first if there is none. Generation (RSA, a few hundred ms)
 * runs off the main thread, so a first start can overlap it with opening the store.
 */
export async function ensureServiceAccountKey(dir: string): Promise<ServiceAccountKey> {
  const path = join(dir, serviceAccountKeyFile);
  if (!existsSync(path)) {
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    writeFileAtomic(path, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
  }
  return serviceAccountKeyFromPem(readFileSync(path, 'utf8'));
}
