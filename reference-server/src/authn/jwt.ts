// Compact JWS (RFC 7515) with RS256, on node:crypto, as far as service-account tokens need it:
// sign, decode (without verifying: the in-cluster rewrite only peeks at a claim), and verify.
// Claims are written with sorted keys, as go-jose does (it marshals claims through a map), so
// our tokens read like kcp's when decoded.

import { createHash, sign, verify, type KeyObject } from 'node:crypto';

export interface JwtHeader {
  alg: string;
  kid?: string;
  typ?: string;
}

export interface DecodedJwt {
  header: JwtHeader;
  payload: Record<string, unknown>;
  /** `<header>.<payload>` as sent, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const base64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]),
  );
}

export function signJwt(payload: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', kid }));
  const body = base64url(JSON.stringify(sortedKeys(payload)));
  const signingInput = `${header}.${body}`;
  return `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), privateKey))}`;
}

const segment = /^[A-Za-z0-9_-]*$/;

function parseSegment(s: string): unknown {
  try {
    return JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parts of a compact JWS, or undefined if `token` is not one. Does not verify anything. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => segment.test(p))) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const header = parseSegment(h);
  const payload = parseSegment(p);
  if (!isRecord(header) || typeof header.alg !== 'string' || !isRecord(payload)) return undefined;
  return {
    header: header as unknown as JwtHeader,
    payload,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

/** True if the token is RS256 and signed by the key. */
export function verifyJwt(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  try {
    return verify('sha256', Buffer.from(jwt.signingInput), publicKey, jwt.signature);
  } catch {
    return false; // a signature that is not even shaped like one
  }
}

/** kube's key id: unpadded base64url of the SHA-256 of the public key's PKIX DER. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return base64url(createHash('sha256').update(der).digest());
}
