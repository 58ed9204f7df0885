// Bearer-token authentication. Tokens are compared by SHA-256 digest so the table holds no
// secrets and lookups are constant-time per entry size. Static token files and service-account
// tokens join this table in the authentication issue.

import { createHash } from 'node:crypto';
import { authenticatedGroup, type UserInfo } from './user.js';

export interface TokenAuthenticator {
  authenticate(token: string): UserInfo | undefined;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createTokenAuthenticator(
  tokens: ReadonlyMap<string, Omit<UserInfo, 'groups'> & { groups: string[] }>,
): TokenAuthenticator {
  const byDigest = new Map<string, UserInfo>();
  for (const [token, user] of tokens) {
    const groups = user.groups.includes(authenticatedGroup)
      ? user.groups
      : [...user.groups, authenticatedGroup];
    byDigest.set(digest(token), { ...user, groups });
  }
  return { authenticate: (token) => byDigest.get(digest(token)) };
}

/** The bearer token of an Authorization header, if it has one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
