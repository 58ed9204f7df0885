// In-cluster clients (kcp pkg/server/filters/serviceaccounts.go): a pod's client talks to the
// bare server URL with its service-account token. When such a request has no /clusters/ (or
// /services/) prefix and is not a shard-to-shard request, and its bearer token is a JWT that
// names a logical cluster, it is served as if sent to /clusters/<that cluster>/<path>. The
// token is only peeked at here; authentication verifies it later like any other.

import { posix } from 'node:path';
import { decodeJwt } from '../../authn/jwt.js';
import { clusterClaim } from '../../authn/service-account-claims.js';
import type { Filter } from '../context.js';

export const shardedRequestHeader = 'x-kubernetes-sharded-request';

/** The cluster to send a request to, if it is an in-cluster service-account request. */
export function inClusterTarget(
  url: string,
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  if (headers[shardedRequestHeader]) return undefined;
  if (url.startsWith('/clusters/') || url.startsWith('/services/')) return undefined;
  const auth = headers.authorization;
  if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) return undefined;
  const jwt = decodeJwt(auth.slice('Bearer '.length));
  return jwt ? clusterClaim(jwt.payload) : undefined;
}

/** `/clusters/<cluster>` joined with the path, cleaned as Go's path.Join does; the query is kept. */
export function rewrittenURL(url: string, cluster: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q);
  let joined = posix.join('/clusters', cluster, path);
  if (joined.length > 1 && joined.endsWith('/')) joined = joined.slice(0, -1);
  return joined + query;
}

export const withServiceAccountRewrite: Filter = (next) => async (ctx) => {
  const url = ctx.req.url ?? '/';
  const cluster = inClusterTarget(url, ctx.req.headers);
  if (cluster !== undefined) ctx.req.url = rewrittenURL(url, cluster);
  await next(ctx);
};
