// Authentication, as kube-apiserver with --anonymous-auth=true (kcp's default): a request with
// credentials that do not authenticate gets 401 on every path, health paths included; a
// request without credentials proceeds as system:anonymous and authorization decides (kcp
// answers 403 on resource paths and 200 on /healthz, /livez, /readyz). With anonymous auth
// off, requests without credentials get 401 except on the always-allowed health paths.

import { unauthorized } from '../../api/status.js';
import { bearerToken, type TokenAuthenticator } from '../../authn/token-authenticator.js';
import { anonymousUser } from '../../authn/user.js';
import { alwaysAllowPaths } from '../../authz/authorizer.js';
import type { Filter } from '../context.js';

export function withAuthentication(
  authenticator: TokenAuthenticator,
  options: { anonymous: boolean },
): Filter {
  return (next) => async (ctx) => {
    const header = ctx.req.headers.authorization;
    if (header !== undefined) {
      const token = bearerToken(header);
      const user = token ? authenticator.authenticate(token) : undefined;
      if (!user) throw unauthorized();
      ctx.user = user;
    } else if (options.anonymous || alwaysAllowPaths.has(ctx.info.path)) {
      ctx.user = anonymousUser;
    } else {
      throw unauthorized();
    }
    await next(ctx);
  };
}
