// Requests into a logical cluster marked inactive are refused, as kcp does right after it has
// resolved the cluster and before it authenticates, so every caller sees the same answer
// (kcp pkg/server/filters/inactivelogicalcluster.go: 403 Forbidden for logicalclusters.core.kcp.io
// named by the cluster, "logical cluster is marked inactive"). OpenAPI and the LogicalCluster
// resource stay reachable, so that the mark can be read and removed.
//
// Watches that pass are registered so that marking their cluster inactive ends them (kcp cancels
// the request contexts of the cluster and of every wildcard request, pkg/server/filters/
// perclustercontext.go; the exempt paths get no such context). kcp cancels every request that
// way; only a watch lives long enough for that to matter.

import { forbidden } from '../../api/status.js';
import { type InactiveClusters, wildcardCluster } from '../../tenancy/inactive-clusters.js';
import type { Filter, RequestContext } from '../context.js';

const exemptPrefixes = ['/openapi', '/apis/core.kcp.io/v1alpha1/logicalclusters'];

function isExempt(path: string): boolean {
  return exemptPrefixes.some((prefix) => path.startsWith(prefix));
}

export function markedInactive(cluster: string) {
  return forbidden(
    `logicalclusters.core.kcp.io "${cluster}" is forbidden: logical cluster is marked inactive`,
    {
      name: cluster,
      group: 'core.kcp.io',
      kind: 'logicalclusters',
    },
  );
}

/** Ends the watch a handler serves for ctx: aborts ctx.signal, which the watch handler obeys. */
function trackWatch(ctx: RequestContext, clusters: InactiveClusters, cluster: string): void {
  const controller = new AbortController();
  ctx.signal = ctx.signal ? AbortSignal.any([ctx.signal, controller.signal]) : controller.signal;
  const untrack = clusters.trackWatch(cluster, () => controller.abort());
  ctx.res.once('close', untrack);
}

export function withInactiveClusters(clusters: InactiveClusters): Filter {
  return (next) => async (ctx) => {
    const cluster = ctx.clusterName;
    if (cluster !== undefined && !isExempt(ctx.info.path)) {
      if (cluster !== wildcardCluster && (await clusters.isInactive(cluster))) throw markedInactive(cluster);
      // kcp gives the per-shard system: clusters no cancellable context: they are never inactive.
      if (ctx.info.verb === 'watch' && !cluster.startsWith('system:')) trackWatch(ctx, clusters, cluster);
    }
    await next(ctx);
  };
}
