// Parses the URL into RequestInfo once, for every later filter and handler.

import { parseRequestInfo } from '../request-info.js';
import type { Filter, RequestContext } from '../context.js';

export const withRequestInfo: Filter = (next) => async (ctx) => {
  (ctx as { info: RequestContext['info'] }).info = parseRequestInfo(
    ctx.req.method ?? 'GET',
    ctx.req.url ?? '/',
  );
  await next(ctx);
};
