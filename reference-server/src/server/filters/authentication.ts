// Authentication, as kube-apiserver with --anonymous-auth=true (kcp's default): a request with
// credentials that do not authenticate (a bearer token nobody accepts, a client certificate
// that does not verify) gets 401 on every path, health paths included; a request without
// credentials proceeds as system:anonymous and authorization decides (kcp answers 403 on
// resource paths and 200 on /healthz, /livez, /readyz). With anonymous auth off, requests
// without credentials get 401 except on the always-allowed health paths. Every authenticated
// user is also in system:authenticated.

import { unauthorized } from '../../api/status.js';
import type { RequestAuthenticator } from '../../authn/authenticator.js';
import { anonymousUser, withAuthenticatedGroup } from '../../authn/user.js';
import { alwaysAllowPaths } from '../../authz/authorizer.js';
import type { Filter } from '../context.js';

export function withAuthentication(
  authenticate: RequestAuthenticator,
  options: { anonymous: boolean },
): Filter {
  return (next) => async (ctx) => {
    const result = await authenticate(ctx.req);
    if (result !== undefined) {
      if (!('user' in result)) throw unauthorized();
      ctx.user = withAuthenticatedGroup(result.user);
    } else if (options.anonymous || alwaysAllowPaths.has(ctx.info.path)) {
      ctx.user = anonymousUser;
    } else {
      throw unauthorized();
    }
    await next(ctx);
  };
}
