// Serves /openapi/v2, /openapi/v3 and /openapi/v3/<group-version> inside a logical cluster, with
// the caching contract of kube-openapi: ETag = document hash and 304 on If-None-Match; the index
// names each document with ?hash=, a request with the current hash may be cached for good
// (public, immutable), a stale hash is redirected to the current one. Only JSON is served: a
// client that accepts nothing but the protobuf forms gets 406 (client-go then falls back).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathNotFound } from '../api/status.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { OpenAPICache, ServedDocument } from './cache.js';

export interface OpenAPIRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path below the cluster prefix, e.g. /openapi/v3/api/v1. */
  path: string;
  cluster: string;
  types: readonly ResourceType[];
}

export function isOpenAPIPath(path: string): boolean {
  return path === '/openapi/v2' || path === '/openapi/v3' || path.startsWith('/openapi/v3/');
}

/** True when the Accept header admits JSON (absent, application/json, application/*, * / *). */
export function acceptsJSON(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return type === 'application/json' || type === 'application/*' || type === '*/*';
  });
}

export function serveOpenAPI(r: OpenAPIRequest, cache: OpenAPICache): void {
  const set = cache.documentsFor(r.cluster, r.types);
  const lastModified = set.builtAt.toUTCString();
  if (r.path === '/openapi/v3') return send(r, set.index, { lastModified });
  if (!acceptsJSON(r.req.headers.accept)) return notAcceptable(r.res);
  if (r.path === '/openapi/v2') return send(r, set.v2(), { lastModified, vary: true });

  const key = r.path.slice('/openapi/v3/'.length);
  const doc = set.v3.get(key);
  if (doc === undefined) throw pathNotFound();
  const hash = new URL(r.req.url ?? '/', 'https://x').searchParams.get('hash');
  if (hash === null || hash === '') return send(r, doc, { lastModified, vary: true });
  if (hash !== doc.hash) {
    // The document changed since the client read the index: point it at the current one, under
    // the same cluster prefix the request came in with.
    const pathname = new URL(r.req.url ?? '/', 'https://x').pathname;
    const prefix = pathname.slice(0, pathname.length - r.path.length);
    r.res.writeHead(301, {
      'Cache-Control': 'no-cache, private',
      'Content-Type': 'application/json',
      ETag: `"${doc.hash}"`,
      Location: `${prefix}/openapi/v3/${key}?hash=${doc.hash}`,
      Vary: 'Accept',
      'Content-Length': 0,
    });
    r.res.end();
    return;
  }
  const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
  send(r, doc, { lastModified, vary: true, immutableUntil: expires });
}

function send(
  r: OpenAPIRequest,
  doc: ServedDocument,
  o: { lastModified: string; vary?: boolean; immutableUntil?: string },
): void {
  const headers: Record<string, string | number> = {
    'Cache-Control': o.immutableUntil ? 'public, immutable' : 'no-cache, private',
    ETag: `"${doc.hash}"`,
    'Last-Modified': o.lastModified,
    ...(o.immutableUntil ? { Expires: o.immutableUntil } : {}),
    ...(o.vary ? { Vary: 'Accept' } : {}),
  };
  if (matches(r.req.headers['if-none-match'], doc.hash)) {
    r.res.writeHead(304, headers);
    r.res.end();
    return;
  }
  r.res.writeHead(200, { ...headers, 'Content-Type': 'application/json', 'Content-Length': doc.body.length });
  r.res.end(r.req.method === 'HEAD' ? undefined : doc.body);
}

function matches(ifNoneMatch: string | undefined, hash: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === `"${hash}"`;
  });
}

function notAcceptable(res: ServerResponse): void {
  // kube-openapi answers 406 with an empty body here, not a Status.
  res.writeHead(406, { 'Cache-Control': 'no-cache, private', Vary: 'Accept', 'Content-Length': 0 });
  res.end();
}
