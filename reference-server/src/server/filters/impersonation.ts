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
import { isLifecycleGroup, systemMasters } from '../../authn/user.js';
import type { Authorizer } from '../../authz/authorizer.js';
import { requestAttributes, type Filter } from '../context.js';

function asksToImpersonate(rawHeaders: string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.length > 12 && rawHeaders[i]!.slice(0, 12).toLowerCase() === 'impersonate-')
      return true;
  return false;
}

export function withImpersonation(authorize: Authorizer): Filter {
  const impersonator = createImpersonator(authorize);
  return (next) => async (ctx) => {
    // Most requests impersonate nobody: scan the raw header names before building headersDistinct.
    if (!asksToImpersonate(ctx.req.rawHeaders)) return next(ctx);
    const headers = ctx.req.headersDistinct;
    const requester = ctx.user!;
    const gated = asksForImpersonation(headers);
    if (gated && !mayImpersonateGroups(requester, headers['impersonate-group'] ?? []))
      throw impersonationNotAllowed();
    const wanted = wantedUserFromHeaders(headers);
    if (!wanted) return next(ctx);
    let user = await impersonator.impersonate(requestAttributes(ctx), wanted);
    // Not to be had by asking (kcp's front-proxy drops them): only a lifecycle view grants them.
    if (user.groups.some(isLifecycleGroup))
      user = { ...user, groups: user.groups.filter((g) => !isLifecycleGroup(g)) };
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
