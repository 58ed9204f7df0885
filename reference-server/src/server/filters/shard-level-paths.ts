// Shard-level endpoints exist only at the top level. Inside a workspace kcp answers 501 before
// authentication, so even anonymous callers see it (kcp pkg/server/filters/shardlevelpaths.go;
// probed on kcp v0.32: /clusters/root/metrics → 501 without a token).

import { notImplemented } from '../../api/status.js';
import type { Filter } from '../context.js';

const shardLevelPaths = new Set(['/metrics']);

export const withShardLevelPaths: Filter = (next) => async (ctx) => {
  if (ctx.info.cluster !== undefined && shardLevelPaths.has(ctx.info.path.replace(/\/+$/, '')))
    throw notImplemented('shard-level endpoint not available at workspace scope');
  await next(ctx);
};
