// The innermost handler: non-resource paths (version, health, discovery, metrics) and resource
// requests. Non-resource paths are served at top level and inside every logical cluster, except
// /metrics, which is shard-level only (filters/shard-level-paths.ts answers 501 inside one).

import { notAcceptable, pathNotFound } from '../api/status.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from '../discovery/documents.js';
import { aggregatedCore, aggregatedGroups } from '../discovery/aggregated.js';
import { writeAggregatedDiscovery } from '../discovery/aggregated-response.js';
import { acceptsLegacyDiscovery, negotiateDiscovery } from '../discovery/negotiation.js';
import { isCompiledInGroup, writeGoNotFound } from '../discovery/unserved.js';
import { createOpenAPICache } from '../openapi/cache.js';
import { isOpenAPIPath, serveOpenAPI } from '../openapi/handler.js';
import type { ServerMetrics } from '../metrics.js';
import { builtinTypes, type Catalog } from '../registry/catalog.js';
import type { Handler } from './context.js';
import { handleResource, type ResourceDeps } from './resource-handler.js';
import { writeJSON, writeText } from './respond.js';
import { versionInfo } from './version.js';

export interface RouteDeps extends ResourceDeps {
  catalog: Catalog;
  metrics: ServerMetrics;
  /** Health checks by name; /readyz and /healthz fail while any fails. */
  ready(): boolean;
}

const healthPaths = new Set(['/healthz', '/livez', '/readyz']);

export function routes(deps: RouteDeps): Handler {
  // OpenAPI documents are built once per distinct set of served types (openapi/cache.ts).
  const openapi = createOpenAPICache();
  return async (ctx) => {
    const i = ctx.info;
    if (i.isResourceRequest) return handleResource(ctx, deps);
    const path = i.path.length > 1 ? i.path.replace(/\/+$/, '') : i.path;
    const method = ctx.req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') throw pathNotFound();

    if (healthPaths.has(path)) {
      if (path === '/livez' || deps.ready()) return writeText(ctx.res, 200, 'ok');
      return writeText(ctx.res, 500, `[-]bootstrap failed: not finished\n${path.slice(1)} check failed`);
    }
    if (path === '/version') return writeJSON(ctx.res, 200, versionInfo());
    if (path === '/metrics' && ctx.clusterName === undefined) {
      const text = await deps.metrics.registry.metrics();
      ctx.res.writeHead(200, { 'Content-Type': deps.metrics.registry.contentType });
      ctx.res.end(text);
      return;
    }

    // Discovery is per logical cluster; without one there is nothing to discover. kcp still serves
    // /openapi/v2 at top level (to system:masters): a document of the built-in types alone.
    const cluster = ctx.clusterName;
    if (cluster === undefined && path === '/openapi/v2')
      return serveOpenAPI({ req: ctx.req, res: ctx.res, path, cluster: '', types: builtinTypes }, openapi);
    // A virtual workspace serves discovery at `*` too: the same types for every cluster.
    if (cluster === undefined || (cluster === '*' && !ctx.view)) throw pathNotFound();
    const types = await (ctx.view?.catalog ?? deps.catalog).typesFor(cluster);
    // kcp's virtual workspaces serve OpenAPI v3 but not v2, and legacy discovery only: an
    // aggregated-only Accept is 406 there, and clients fall back to the legacy documents.
    if (ctx.view && path.startsWith('/openapi/v2')) throw pathNotFound();
    if (isOpenAPIPath(path))
      return serveOpenAPI({ req: ctx.req, res: ctx.res, path, cluster, types }, openapi);
    if (path === '/api' || path === '/apis') {
      // /api and /apis answer legacy or aggregated documents by the Accept header (discovery/negotiation.ts).
      let format = negotiateDiscovery(ctx.req.headers.accept);
      if (ctx.view && format === 'aggregated') {
        if (!acceptsLegacyDiscovery(ctx.req.headers.accept))
          throw notAcceptable(
            'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
          );
        format = 'legacy';
      }
      if (format === 'not-acceptable') {
        throw notAcceptable('only the following media types are accepted: application/json');
      }
      if (format === 'aggregated') {
        const document = path === '/api' ? aggregatedCore(types) : aggregatedGroups(types);
        return writeAggregatedDiscovery(ctx.req, ctx.res, document);
      }
      if (path === '/api') return writeJSON(ctx.res, 200, apiVersions(ctx.req.headers.host ?? ''));
      return writeJSON(ctx.res, 200, apiGroupList(types));
    }
    const legacyOnly = (): void => {
      if (!acceptsLegacyDiscovery(ctx.req.headers.accept))
        throw notAcceptable('only the following media types are accepted: application/json');
    };
    if (path === '/api/v1') {
      legacyOnly();
      return writeJSON(ctx.res, 200, apiResourceList('v1', types));
    }
    const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (m) {
      // What is not served is answered as kcp does, by the kind of group (discovery/unserved.ts).
      const [, group, version] = m as unknown as [string, string, string | undefined];
      const compiledIn = isCompiledInGroup(types, group);
      if (version === undefined) {
        const g = apiGroup(types, group);
        if (g) {
          legacyOnly();
          return writeJSON(ctx.res, 200, g);
        }
        if (!compiledIn) return writeGoNotFound(ctx.res);
      } else if (!compiledIn || types.some((t) => t.group === group && t.version === version)) {
        legacyOnly();
        return writeJSON(ctx.res, 200, apiResourceList(`${group}/${version}`, types));
      }
    }
    throw pathNotFound();
  };
}
