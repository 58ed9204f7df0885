// What kcp answers for discovery of what a workspace does not serve (probed on kcp
// v0.32.0-162-gdac74f59, /clusters/root). Which handler answers depends on the group:
// - the groups kcp compiles in (core, rbac.authorization.k8s.io, apiextensions.k8s.io, ...) have
//   their own handlers: an unknown version of them is 404 NotFound as a Status, as everywhere;
// - every other group reaches kcp's apiextensions handler (its fork of
//   apiextensions-apiserver/pkg/apiserver/customresource_discovery.go), which answers every
//   /apis/<group>/<version> with the CRDs serving it: an empty APIResourceList for a group no CRD
//   serves; /apis/<group> of a group nothing serves falls to Go's plain http.NotFound (text/plain
//   "404 page not found"). kube-apiserver v1.37.2 answers both with that plain 404.
// kcp's own APIs (*.kcp.io) are served through CRDs there, so they count as not compiled in.

import type { ServerResponse } from 'node:http';
import type { ResourceType } from '../registry/resource-type.js';

/** True when kcp serves `group` with compiled-in handlers rather than through CRDs. */
export function isCompiledInGroup(types: readonly ResourceType[], group: string): boolean {
  if (group.endsWith('.kcp.io')) return false;
  return types.some((t) => t.group === group && t.schema === undefined);
}

/** Go's http.NotFound, as kcp's apiextensions handler ends a request nothing serves. */
export function writeGoNotFound(res: ServerResponse): void {
  const text = '404 page not found\n';
  res.writeHead(404, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
