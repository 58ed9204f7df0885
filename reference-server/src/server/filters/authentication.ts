// Authentication: a valid bearer token or nothing. Requests without valid credentials get 401,
// except the always-allowed health paths, which are served to anyone (kcp's default
// --authorization-always-allow-paths, pkg/server/options/authorization.go).

import { unauthorized } from '../../api/status.js';
import { bearerToken, type TokenAuthenticator } from '../../authn/token-authenticator.js';
import { alwaysAllowPaths } from '../../authz/authorizer.js';
import type { Filter } from '../context.js';

const anonymous = { name: 'system:anonymous', uid: '', groups: ['system:unauthenticated'] };

export function withAuthentication(authenticator: TokenAuthenticator): Filter {
  return (next) => async (ctx) => {
    const token = bearerToken(ctx.req.headers.authorization);
    const user = token ? authenticator.authenticate(token) : undefined;
    if (user) ctx.user = user;
    else if (ctx.info.cluster === undefined && alwaysAllowPaths.has(ctx.info.path)) ctx.user = anonymous;
    else throw unauthorized();
    await next(ctx);
  };
}
