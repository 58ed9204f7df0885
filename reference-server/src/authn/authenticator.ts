// The shape every authenticator shares, and how several are combined, as k8s.io/apiserver's
// union authenticator does: the first one that authenticates wins; when none does, any error
// (a token or certificate that was presented but is not valid) makes the request fail with 401
// instead of falling through to anonymous.

import type { IncomingMessage } from 'node:http';
import type { UserInfo } from './user.js';

/**
 * `undefined`: this authenticator saw no credentials it handles (no opinion).
 * `failed`: it saw credentials it handles, and they are not valid.
 */
export type AuthenticationResult = { user: UserInfo } | { failed: string } | undefined;

export type TokenAuthenticator = (token: string) => Promise<AuthenticationResult>;
export type RequestAuthenticator = (req: IncomingMessage) => Promise<AuthenticationResult>;

export function isAuthenticated(r: AuthenticationResult): r is { user: UserInfo } {
  return r !== undefined && 'user' in r;
}

/** Tries each in order; the first success wins, else the collected failures, else no opinion. */
export function unionAuthenticator<T>(
  authenticators: readonly ((input: T) => Promise<AuthenticationResult>)[],
): (input: T) => Promise<AuthenticationResult> {
  return async (input) => {
    const failures: string[] = [];
    for (const authenticate of authenticators) {
      const r = await authenticate(input);
      if (r === undefined) continue;
      if ('user' in r) return r;
      failures.push(r.failed);
    }
    return failures.length > 0 ? { failed: failures.join('; ') } : undefined;
  };
}
