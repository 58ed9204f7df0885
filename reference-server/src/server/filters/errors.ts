// Outermost filter: every failure becomes a metav1.Status. ApiErrors carry their own code;
// anything else is a server bug, answered as 500 InternalError and logged, never a crash.

import { badRequest, internalError } from '../../api/status.js';
import { isApiError, writeStatus } from '../respond.js';
import type { IncomingMessage } from 'node:http';
import type { Filter } from '../context.js';

const drainTimeoutMs = 10_000;

function dropIfStillSending(req: IncomingMessage): void {
  const timer = setTimeout(() => {
    if (!req.complete) req.destroy();
  }, drainTimeoutMs);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
}

export function withStatusErrors(log: (msg: string) => void): Filter {
  return (next) => async (ctx) => {
    try {
      await next(ctx);
    } catch (e) {
      // Refused before its body was read (too large, unauthorized, ...): the rest is discarded
      // (node's server drains it), but a sender that never finishes loses its connection.
      if (!ctx.req.complete) dropIfStillSending(ctx.req);
      if (isApiError(e)) {
        writeStatus(ctx.res, e.status);
        return;
      }
      // Input nested deeper than some walk can follow (bodies are bounded at 1000 levels before
      // parsing, so this is a bug to fix, logged): still the request's fault, not a 500.
      if (e instanceof RangeError && e.message.includes('call stack')) {
        log(`stack overflow on ${ctx.req.method} ${ctx.req.url}: ${e.stack ?? e.message}`);
        writeStatus(ctx.res, badRequest('the request is nested too deeply to be processed').status);
        return;
      }
      log(`internal error on ${ctx.req.method} ${ctx.req.url}: ${(e as Error)?.stack ?? String(e)}`);
      writeStatus(ctx.res, internalError('an unexpected error occurred').status);
    }
  };
}
