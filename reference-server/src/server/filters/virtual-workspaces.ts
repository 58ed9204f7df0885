// Requests under /services/<name>/...: the virtual workspace named resolves its URL parameters to
// the types it serves and its authorizer (virtual/virtual-workspace.ts), which the rest of the
// chain uses in place of the logical cluster's. After authentication: kcp answers a path no
// virtual workspace accepts with a 403 naming the caller. A view's content proxy turns the request
// into one into the logical cluster, as the user the view names (kcp impersonates).

import { forbidden } from '../../api/status.js';
import type { VirtualWorkspace } from '../../virtual/virtual-workspace.js';
import type { Filter } from '../context.js';

function unescapedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function withVirtualWorkspaces(workspaces: ReadonlyMap<string, VirtualWorkspace>): Filter {
  return (next) => async (ctx) => {
    const virtual = ctx.info.virtual;
    if (!virtual) return next(ctx);
    const workspace = workspaces.get(virtual.workspace);
    if (!workspace || !virtual.valid) {
      const path = new URL(ctx.req.url ?? '/', 'http://localhost').pathname;
      const user = ctx.user?.name ?? 'system:anonymous';
      const verb = (ctx.req.method ?? 'GET').toLowerCase();
      throw forbidden(
        `forbidden: User "${user}" cannot ${verb} path "${unescapedPath(path)}": Path not resolved to a valid virtual workspace`,
        {},
      );
    }
    const view = await workspace.resolve(virtual.params);
    const actAs = await view.contentAccess?.(ctx);
    if (actAs) ctx.user = actAs;
    else ctx.view = view;
    await next(ctx);
  };
}
