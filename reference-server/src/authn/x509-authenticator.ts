// Client certificates (kube's x509 authenticator with CommonNameUserConversion). The TLS
// listener asks for a certificate but does not require one, and verifies what it gets against
// the client CA; here a verified certificate becomes a user: CN = name, O = groups, the
// Kubernetes UID attribute (OID 1.3.6.1.4.1.57683.2) = uid, and its SHA-256 as credential id.
// A certificate that does not verify fails the request (401) unless a bearer token
// authenticates it; a verified one without a CN is no credential at all.

import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AuthenticationResult, RequestAuthenticator } from './authenticator.js';
import { credentialIdExtraKey, type UserInfo } from './user.js';

/** The subject attribute Kubernetes reads a user's UID from. */
export const userUIDOid = '1.3.6.1.4.1.57683.2';

type Subject = Record<string, string | string[] | undefined>;

const values = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** The user a verified certificate names (`raw` is its DER), or why it names none. */
export function userFromCertificate(subject: Subject, raw: Buffer): AuthenticationResult {
  // Go keeps the last CommonName of a subject.
  const name = values(subject.CN).at(-1) ?? '';
  if (!name) return undefined;
  const uids = values(subject[userUIDOid]);
  if (uids.length > 1) return { failed: 'expected 1 UID, but found multiple' };
  const user: UserInfo = {
    name,
    uid: uids[0] ?? '',
    groups: values(subject.O),
    extra: { [credentialIdExtraKey]: [`X509SHA256=${createHash('sha256').update(raw).digest('hex')}`] },
  };
  return { user };
}

export const x509Authenticator: RequestAuthenticator = async (req: IncomingMessage) => {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert?.raw) return undefined; // no certificate presented
  if (!socket.authorized)
    return { failed: `verifying certificate failed: ${String(socket.authorizationError ?? 'unknown')}` };
  return userFromCertificate(cert.subject as unknown as Subject, cert.raw);
};
