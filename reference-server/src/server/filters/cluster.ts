// Resolves the /clusters/<x> value to a logical cluster name. A single segment is a name and
// is used as is (kcp does no existence check at routing; authorization refuses unknown ones).
// A workspace path is resolved through the workspace tree (tenancy/paths.ts); an unknown one is
// answered as a single kcp shard does: 404 for workspaces.tenancy.kcp.io named by the path
// (pkg/server/localproxy.go).

import { methodNotSupported, notFound } from '../../api/status.js';
import type { Filter } from '../context.js';

export type ClusterResolver = (path: string) => Promise<string | undefined>;

export function withClusterResolution(resolve: ClusterResolver): Filter {
  return (next) => async (ctx) => {
    const path = ctx.info.cluster;
    // A virtual workspace names a logical cluster (or `*`), never a path; it answers for both.
    if (ctx.info.virtual) {
      if (path !== undefined) ctx.clusterName = path;
    } else if (path !== undefined) {
      if (path === '*') {
        // kcp pkg/server/filters/wildcard.go: only list and watch span all logical clusters.
        if (ctx.info.isResourceRequest && ctx.info.verb !== 'list' && ctx.info.verb !== 'watch')
          throw methodNotSupported(
            { group: ctx.info.group, resource: ctx.info.resource },
            `${ctx.info.verb} in the \`*\` logical cluster`,
          );
        ctx.clusterName = '*';
      } else {
        const name = await resolve(path);
        if (name === undefined) throw notFound({ group: 'tenancy.kcp.io', resource: 'workspaces' }, path);
        ctx.clusterName = name;
      }
    }
    await next(ctx);
  };
}
