// kube-apiserver's --max-requests-inflight and --max-mutating-requests-inflight (k8s.io/apiserver
// pkg/server/filters/maxinflight.go): past either limit a request is refused at once with 429
// and Retry-After instead of queueing without bound. Long-running requests (watches) are not
// counted, nor is system:masters, as in kube (a watch's handler returns once its stream is open,
// so it would hold no slot anyway; the exemption says what is meant). A request counts from here until its answer ends,
// so slow senders hold their slot while their body is still arriving. 0 means no limit.

import { ApiError, failure } from '../../api/status.js';
import { systemMasters } from '../../authn/user.js';
import type { Filter } from '../context.js';

export interface InFlightLimits {
  readOnly: number;
  mutating: number;
}

/** kube-apiserver's defaults. */
export const defaultInFlightLimits: InFlightLimits = { readOnly: 400, mutating: 200 };

const readOnlyVerbs = new Set(['get', 'list', 'watch']);

const tooMany = () =>
  new ApiError(
    failure(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }),
  );

export function withMaxInFlight(limits: InFlightLimits): Filter {
  const inFlight = { readOnly: 0, mutating: 0 };
  return (next) => async (ctx) => {
    const i = ctx.info;
    if (i.verb === 'watch' || ctx.user?.groups.includes(systemMasters)) return next(ctx);
    const kind: keyof InFlightLimits = readOnlyVerbs.has(i.verb) ? 'readOnly' : 'mutating';
    const limit = limits[kind];
    if (limit > 0 && inFlight[kind] >= limit) throw tooMany();
    inFlight[kind]++;
    try {
      await next(ctx);
    } finally {
      inFlight[kind]--;
    }
  };
}
