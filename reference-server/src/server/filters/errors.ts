// Outermost filter: every failure becomes a metav1.Status. ApiErrors carry their own code;
// anything else is a server bug, answered as 500 InternalError and logged, never a crash.

import { internalError } from '../../api/status.js';
import { isApiError, writeStatus } from '../respond.js';
import type { Filter } from '../context.js';

export function withStatusErrors(log: (msg: string) => void): Filter {
  return (next) => async (ctx) => {
    try {
      await next(ctx);
    } catch (e) {
      if (isApiError(e)) {
        writeStatus(ctx.res, e.status);
        return;
      }
      log(`internal error on ${ctx.req.method} ${ctx.req.url}: ${(e as Error)?.stack ?? String(e)}`);
      writeStatus(ctx.res, internalError('an unexpected error occurred').status);
    }
  };
}
