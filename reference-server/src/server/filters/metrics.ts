// Counts every request by verb, resource and code, and times it, after it has been answered.

import type { Filter } from '../context.js';
import type { ServerMetrics } from '../../metrics.js';

export function withMetrics(metrics: ServerMetrics): Filter {
  return (next) => async (ctx) => {
    const start = process.hrtime.bigint();
    const record = () => {
      const i = ctx.info;
      const verb = i?.isResourceRequest ? i.verb.toUpperCase() : (ctx.req.method ?? 'GET');
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
