// Authorization: asks the authorizer with the request's attributes; a refusal is a 403 whose
// message has Kubernetes' shape (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters).

import { forbidden } from '../../api/status.js';
import type { Authorizer } from '../../authz/authorizer.js';
import type { Filter, RequestContext } from '../context.js';

function forbiddenMessage(ctx: RequestContext, reason: string): string {
  const i = ctx.info;
  const user = ctx.user?.name ?? 'system:anonymous';
  const suffix = reason ? `: ${reason}` : '';
  if (!i.isResourceRequest) return `forbidden: User "${user}" cannot ${i.verb} path "${i.path}"${suffix}`;
  const resource = i.subresource ? `${i.resource}/${i.subresource}` : i.resource;
  const qualified = i.group ? `${i.resource}.${i.group}` : i.resource;
  const subject = i.name ? `${qualified} "${i.name}"` : qualified;
  const where = i.namespace ? `in the namespace "${i.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user}" cannot ${i.verb} resource "${resource}" in API group "${i.group}" ${where}${suffix}`;
}

export function withAuthorization(authorize: Authorizer): Filter {
  return (next) => async (ctx) => {
    const i = ctx.info;
    const decision = await authorize({
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
    });
    if (decision.decision !== 'allow') {
      const reason = decision.reason;
      throw forbidden(
        forbiddenMessage(ctx, reason),
        i.isResourceRequest ? { name: i.name, group: i.group, kind: i.resource } : undefined,
      );
    }
    await next(ctx);
  };
}
