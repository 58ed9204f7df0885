// Bearer tokens: reading them from the Authorization header as kube's bearertoken authenticator
// does, and the static table (admin identities and --token-auth-file users). Static tokens are
// kept by SHA-256 digest so the table holds no secrets.

import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestAuthenticator, TokenAuthenticator } from './authenticator.js';
import type { UserInfo } from './user.js';

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Exact lookups; a token not in the table is no opinion (another authenticator may know it). */
export function staticTokenAuthenticator(tokens: ReadonlyMap<string, UserInfo>): TokenAuthenticator {
  const byDigest = new Map<string, UserInfo>();
  for (const [token, user] of tokens) byDigest.set(digest(token), user);
  return async (token) => {
    const user = byDigest.get(digest(token));
    return user ? { user } : undefined;
  };
}

/**
 * The bearer token of an Authorization header, if it has one. As kube-apiserver: the header is
 * trimmed and split on single spaces; the scheme is case-insensitive; the token is the second
 * part, so `Bearer  x` (two spaces) carries no token, and a header of another scheme (Basic) is
 * not a credential at all.
 */
export function bearerToken(header: string | undefined): string | undefined {
  const auth = (header ?? '').trim();
  if (!auth) return undefined;
  const parts = auth.split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  return parts[1] || undefined;
}

/** A bearer token that no token authenticator accepts fails the request (401), never anonymous. */
export function bearerTokenAuthenticator(tokens: TokenAuthenticator): RequestAuthenticator {
  return async (req: IncomingMessage) => {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) return undefined;
    return (await tokens(token)) ?? { failed: 'invalid bearer token' };
  };
}
