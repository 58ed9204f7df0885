// The request context that flows through the handler chain, and the chain's shapes. Filters
// wrap handlers like kube-apiserver's filter chain: each one does one job and calls next.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../authn/user.js';
import type { Attributes, Authorizer } from '../authz/authorizer.js';
import type { Catalog } from '../registry/catalog.js';
import type { RequestInfo } from './request-info.js';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Set by the request-info filter. */
  info: RequestInfo;
  /** Set by the authentication filter (undefined only on always-allowed paths). */
  user?: UserInfo;
  /** The logical cluster name the request addresses, once resolved (paths become names). */
  clusterName?: string;
  /**
   * Set for a request into a virtual workspace (filters/virtual-workspaces.ts): the types it
   * serves and how it authorizes, in place of the logical cluster's own.
   */
  view?: VirtualView;
  /** Filled in by handlers for metrics: the resource label of the request. */
  metricResource?: string;
  /**
   * Aborted when the server ends the request before its client does (e.g. its logical cluster
   * was marked inactive, filters/inactive-cluster.ts); long-running handlers (watch) obey it.
   */
  signal?: AbortSignal;
}

/** What a virtual workspace serves to one request, and who may use it. */
export interface VirtualView {
  catalog: Catalog;
  authorize: Authorizer;
  /**
   * For a view that hands some requests on to the logical cluster itself (kcp's workspace content
   * proxies): after checking the caller, whom such a request acts as there; undefined when the
   * view serves the request. An ApiError refuses it.
   */
  contentAccess?(ctx: RequestContext): Promise<UserInfo | undefined>;
}

export type Handler = (ctx: RequestContext) => Promise<void>;
export type Filter = (next: Handler) => Handler;

/** Builds the chain: the first filter listed is the outermost. */
export function chain(filters: Filter[], handler: Handler): Handler {
  return filters.reduceRight((next, f) => f(next), handler);
}

/** The authorization attributes of an authenticated request (kube's authorizer.AttributesRecord). */
export function requestAttributes(ctx: RequestContext): Attributes {
  const i = ctx.info;
  return {
    user: ctx.user!,
    ...(ctx.clusterName !== undefined ? { cluster: ctx.clusterName } : {}),
    verb: i.verb,
    isResourceRequest: i.isResourceRequest,
    path: i.path,
    group: i.group,
    resource: i.resource,
    subresource: i.subresource,
    namespace: i.namespace,
    name: i.name,
  };
}
