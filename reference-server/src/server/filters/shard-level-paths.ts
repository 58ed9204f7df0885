// Shard-level endpoints exist only at the top level. Inside a workspace kcp answers 501 before
// authentication, so even anonymous callers see it (kcp pkg/server/filters/shardlevelpaths.go;
// probed on kcp v0.32: /clusters/root/metrics → 501 without a token, as text/plain — kcp writes
// it with http.Error, not as a Status).

import { shardLevelPaths } from '../../authz/kcp-chain.js';
import type { Filter } from '../context.js';
import { writeText } from '../respond.js';

export const withShardLevelPaths: Filter = (next) => async (ctx) => {
  if (ctx.info.cluster !== undefined && shardLevelPaths.has(ctx.info.path.replace(/\/+$/, ''))) {
    writeText(ctx.res, 501, 'shard-level endpoint not available at workspace scope\n');
    return;
  }
  await next(ctx);
};
