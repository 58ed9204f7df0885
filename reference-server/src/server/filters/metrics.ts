// Counts every request by verb, resource and code, and times it, after it has been answered.

import type { Filter } from '../context.js';
import type { ServerMetrics } from '../../metrics.js';

/**
 * kube-apiserver's verb label (endpoints/metrics CleanVerb): LIST and WATCH for collection
 * reads, the HTTP method for everything else (POST for create, PUT for update, ...).
 */
export function metricVerb(method: string, verb: string | undefined): string {
  if (verb === 'list') return 'LIST';
  if (verb === 'watch') return 'WATCH';
  return method.toUpperCase();
}

export function withMetrics(metrics: ServerMetrics): Filter {
  return (next) => async (ctx) => {
    const start = process.hrtime.bigint();
    const record = () => {
      const i = ctx.info;
      const verb = metricVerb(ctx.req.method ?? 'GET', i?.isResourceRequest ? i.verb : undefined);
      const resource = i?.isResourceRequest ? i.resource : '';
      const labels = {
        verb,
        group: i?.group ?? '',
        resource,
        subresource: i?.subresource ?? '',
        code: String(ctx.res.statusCode),
      };
      metrics.requests.inc(labels);
      metrics.duration.observe(
        { verb, group: labels.group, resource },
        Number(process.hrtime.bigint() - start) / 1e9,
      );
    };
    // Long-running requests (watch) are counted when they end.
    ctx.res.once('close', record);
    await next(ctx);
  };
}
