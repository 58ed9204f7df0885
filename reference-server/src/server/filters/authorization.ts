// Authorization: asks the authorizer with the request's attributes; a refusal is a 403 whose
// message has Kubernetes' shape (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters).

import { forbidden } from '../../api/status.js';
import type { StatusDetails } from '../../api/types.js';
import type { Authorizer, Decision } from '../../authz/authorizer.js';
import { requestAttributes, type Filter, type RequestContext } from '../context.js';

/** `verb`: another verb than the request's (server-side apply creating an object checks create). */
export function forbiddenMessage(ctx: RequestContext, reason: string, verb = ctx.info.verb): string {
  const i = { ...ctx.info, verb };
  const user = ctx.user?.name ?? 'system:anonymous';
  const suffix = reason ? `: ${reason}` : '';
  if (!i.isResourceRequest) return `forbidden: User "${user}" cannot ${i.verb} path "${i.path}"${suffix}`;
  const resource = i.subresource ? `${i.resource}/${i.subresource}` : i.resource;
  const qualified = i.group ? `${i.resource}.${i.group}` : i.resource;
  const subject = i.name ? `${qualified} "${i.name}"` : qualified;
  const where = i.namespace ? `in the namespace "${i.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user}" cannot ${i.verb} resource "${resource}" in API group "${i.group}" ${where}${suffix}`;
}

/** Told how long each decision took, in seconds (the server's authorization histogram). */
export type AuthorizationObserver = (seconds: number, decision: Decision['decision']) => void;

export function withAuthorization(authorize: Authorizer, observe?: AuthorizationObserver): Filter {
  return (next) => async (ctx) => {
    const i = ctx.info;
    const started = process.hrtime.bigint();
    const decision = await (ctx.view?.authorize ?? authorize)(requestAttributes(ctx));
    observe?.(Number(process.hrtime.bigint() - started) / 1e9, decision.decision);
    if (decision.decision !== 'allow') {
      const reason = decision.reason;
      // As apierrors.NewForbidden: details name the resource with empty fields left out, and are
      // an empty object for a non-resource path.
      const details: StatusDetails = {};
      if (i.isResourceRequest) {
        if (i.name) details.name = i.name;
        if (i.group) details.group = i.group;
        details.kind = i.resource;
      }
      throw forbidden(forbiddenMessage(ctx, reason), details);
    }
    await next(ctx);
  };
}
