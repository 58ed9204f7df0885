// The serving PKI: a CA and a serving certificate, generated into the root directory on first
// start and reused after (clients keep trusting the same CA across restarts). ECDSA P-256 keys,
// made with WebCrypto and encoded with @peculiar/x509.

// @peculiar/x509 resolves its ASN.1 providers through tsyringe, which needs this polyfill.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { writeFileAtomic } from './files.js';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const tenYears = 10 * 365 * 24 * 3600 * 1000;

export interface ServingPKI {
  caPem: string;
  certPem: string;
  keyPem: string;
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

async function importKeyPem(pem: string): Promise<CryptoKey> {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return (await webcrypto.subtle.importKey('pkcs8', Buffer.from(b64, 'base64'), algorithm, true, [
    'sign',
  ])) as CryptoKey;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

async function generateCA(): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair }> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=kcp-harness-ca@${Math.floor(Date.now() / 1000)}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + tenYears),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

function servingNames(bindAddress: string): { dns: string[]; ips: string[] } {
  const dns = new Set(['localhost', hostname()]);
  const ips = new Set(['127.0.0.1', '::1']);
  if (isIP(bindAddress) && bindAddress !== '0.0.0.0' && bindAddress !== '::') ips.add(bindAddress);
  else if (!isIP(bindAddress)) dns.add(bindAddress);
  return { dns: [...dns], ips: [...ips] };
}

async function generateServing(
  ca: { cert: x509.X509Certificate; key: CryptoKey },
  names: { dns: string[]; ips: string[] },
): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=kcp-harness-apiserver',
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + tenYears),
    signingAlgorithm: algorithm,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

function coversNames(certPem: string, names: { dns: string[]; ips: string[] }): boolean {
  const cert = new x509.X509Certificate(certPem);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  if (!san) return false;
  const have = new Set(san.names.items.map((n) => `${n.type}:${n.value}`));
  return (
    names.dns.every((d) => have.has(`dns:${d}`)) &&
    names.ips.every((ip) => have.has(`ip:${ip}`)) &&
    cert.notAfter.getTime() > Date.now()
  );
}

/** Loads the CA and serving certificate from `dir`, creating what is missing or outdated. */
export async function ensureServingPKI(dir: string, bindAddress: string): Promise<ServingPKI> {
  const caCrt = join(dir, 'ca.crt');
  const caKey = join(dir, 'ca.key');
  const crt = join(dir, 'apiserver.crt');
  const key = join(dir, 'apiserver.key');
  let caPem: string;
  let caPrivate: CryptoKey;
  if (existsSync(caCrt) && existsSync(caKey)) {
    caPem = readFileSync(caCrt, 'utf8');
    caPrivate = await importKeyPem(readFileSync(caKey, 'utf8'));
  } else {
    const ca = await generateCA();
    caPem = ca.cert.toString('pem');
    caPrivate = ca.keys.privateKey;
    writeFileAtomic(caKey, await exportKeyPem(caPrivate), 0o600);
    writeFileAtomic(caCrt, caPem, 0o644);
  }
  const names = servingNames(bindAddress);
  if (existsSync(crt) && existsSync(key) && coversNames(readFileSync(crt, 'utf8'), names)) {
    return { caPem, certPem: readFileSync(crt, 'utf8'), keyPem: readFileSync(key, 'utf8') };
  }
  const serving = await generateServing({ cert: new x509.X509Certificate(caPem), key: caPrivate }, names);
  writeFileAtomic(key, serving.keyPem, 0o600);
  writeFileAtomic(crt, serving.certPem, 0o644);
  return { caPem, ...serving };
}
