// The serving PKI: a CA and a serving certificate, generated into the root directory on first
// start and reused after (clients keep trusting the same CA across restarts). Existing
// certificates are checked with node:crypto; the generator (cert-generation.ts) is imported only
// when something must be made.

import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';

export interface ServingPKI {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface ServingNames {
  dns: string[];
  ips: string[];
}

export function servingNames(bindAddress: string): ServingNames {
  const dns = new Set(['localhost', hostname()]);
  const ips = new Set(['127.0.0.1', '::1']);
  if (isIP(bindAddress) && bindAddress !== '0.0.0.0' && bindAddress !== '::') ips.add(bindAddress);
  else if (!isIP(bindAddress)) dns.add(bindAddress);
  return { dns: [...dns], ips: [...ips] };
}

/** True if the certificate names every host and address and is valid for another day. */
export function coversNames(certPem: string, names: ServingNames): boolean {
  const cert = new X509Certificate(certPem);
  if (Date.parse(cert.validTo) < Date.now() + 24 * 3600 * 1000) return false;
  return (
    names.dns.every((d) => cert.checkHost(d, { subject: 'never' }) !== undefined) &&
    names.ips.every((ip) => cert.checkIP(ip) !== undefined)
  );
}

/** Loads the CA and serving certificate from `dir`, creating what is missing or outdated. */
export async function ensureServingPKI(dir: string, bindAddress: string): Promise<ServingPKI> {
  const caCrt = join(dir, 'ca.crt');
  const caKey = join(dir, 'ca.key');
  const crt = join(dir, 'apiserver.crt');
  const key = join(dir, 'apiserver.key');
  const names = servingNames(bindAddress);
  const haveCA = existsSync(caCrt) && existsSync(caKey);
  if (haveCA && existsSync(crt) && existsSync(key) && coversNames(readFileSync(crt, 'utf8'), names)) {
    return {
      caPem: readFileSync(caCrt, 'utf8'),
      certPem: readFileSync(crt, 'utf8'),
      keyPem: readFileSync(key, 'utf8'),
    };
  }

  const gen = await import('./cert-generation.js');
  let ca: { certPem: string; key: Awaited<ReturnType<typeof gen.importKeyPem>> };
  if (haveCA) {
    ca = { certPem: readFileSync(caCrt, 'utf8'), key: await gen.importKeyPem(readFileSync(caKey, 'utf8')) };
  } else {
    ca = await gen.generateCA();
    writeFileAtomic(caKey, await gen.exportKeyPem(ca.key), 0o600);
    writeFileAtomic(caCrt, ca.certPem, 0o644);
  }
  const serving = await gen.generateServing(ca, names);
  writeFileAtomic(key, serving.keyPem, 0o600);
  writeFileAtomic(crt, serving.certPem, 0o644);
  return { caPem: ca.certPem, ...serving };
}

export interface ClientCertificateSubject {
  /** Common name: the user name. */
  user: string;
  /** Organizations: the user's groups. */
  groups?: readonly string[];
  uid?: string;
  /** Validity from now, in milliseconds (default one year). */
  validForMs?: number;
}

/**
 * Issues a client certificate signed by the root directory's CA (<dir>/ca.crt and ca.key, made
 * by ensureServingPKI), which the server accepts unless --client-ca-file names another CA.
 */
export async function issueClientCertificate(
  dir: string,
  subject: ClientCertificateSubject,
): Promise<{ certPem: string; keyPem: string; caPem: string }> {
  const caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
  const gen = await import('./cert-generation.js');
  const key = await gen.importKeyPem(readFileSync(join(dir, 'ca.key'), 'utf8'));
  return { ...(await gen.generateClient({ certPem: caPem, key }, subject)), caPem };
}

/** Reads a --client-ca-file: PEM certificates, at least one; anything else is an Error naming the file. */
export function loadClientCA(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read client CA file '${path}': ${(e as Error).message}`, { cause: e });
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`client CA file '${path}' holds no PEM certificate`);
  for (const pem of blocks) {
    try {
      new X509Certificate(pem);
    } catch (e) {
      throw new Error(`client CA file '${path}' holds an invalid certificate: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  return blocks.join('\n') + '\n';
}
