// Impersonation (Impersonate-User, -Group, -Uid, -Extra-<key>), after authentication and before
// authorization, as kcp orders it: kcp's gatekeeper (privileged groups), Kubernetes'
// impersonation checks against the authorizer, then kcp's scoping of the impersonated user to
// the request's logical cluster. What follows sees only the impersonated user.

import { forbidden } from '../../api/status.js';
import {
  asksForImpersonation,
  createImpersonator,
  impersonationNotAllowed,
  mayImpersonateGroups,
  scopedToCluster,
  wantedUserFromHeaders,
} from '../../authn/impersonation.js';
import { systemMasters } from '../../authn/user.js';
import type { Attributes, Authorizer } from '../../authz/authorizer.js';
import type { Filter, RequestContext } from '../context.js';

function requestAttributes(ctx: RequestContext): Attributes {
  const i = ctx.info;
  return {
    user: ctx.user!,
    ...(ctx.clusterName !== undefined ? { cluster: ctx.clusterName } : {}),
    verb: i.verb,
    isResourceRequest: i.isResourceRequest,
    path: i.path,
    group: i.group,
    resource: i.resource,
    subresource: i.subresource,
    namespace: i.namespace,
    name: i.name,
  };
}

export function withImpersonation(authorize: Authorizer): Filter {
  const impersonator = createImpersonator(authorize);
  return (next) => async (ctx) => {
    const headers = ctx.req.headersDistinct;
    if (!Object.keys(headers).some((h) => h.startsWith('impersonate-'))) return next(ctx);
    const requester = ctx.user!;
    const gated = asksForImpersonation(headers);
    if (gated && !mayImpersonateGroups(requester, headers['impersonate-group'] ?? []))
      throw impersonationNotAllowed();
    const wanted = wantedUserFromHeaders(headers);
    if (!wanted) return next(ctx);
    let user = await impersonator.impersonate(requestAttributes(ctx), wanted);
    if (!requester.groups.includes(systemMasters)) {
      // kcp answers 500 here ("no cluster in context"); nothing is served, so refuse instead.
      if (ctx.clusterName === undefined)
        throw forbidden(
          'forbidden: impersonation outside of a logical cluster is not allowed for the requestor',
          {},
        );
      user = scopedToCluster(user, ctx.clusterName);
    }
    ctx.user = user;
    await next(ctx);
  };
}
