// Serves /openapi/v2, /openapi/v3 and /openapi/v3/<group-version> inside a logical cluster, with
// the caching contract of kube-openapi: ETag = document hash and 304 on If-None-Match; the index
// names each document with ?hash=, a request with the current hash may be cached for good
// (public, immutable), a stale hash is redirected to the current one. /openapi/v2 is also
// served in gnostic's protobuf form (kubectl asks for nothing else there), negotiated as
// kube-openapi does (negotiate-v2.ts), and gzipped when asked (gzip.ts); v3 is JSON only: a
// client that accepts nothing but the v3 protobuf form gets 406 (client-go then asks for JSON).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathNotFound } from '../api/status.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { OpenAPICache, ServedDocument } from './cache.js';
import { openAPIV2ProtobufContentType } from './gnostic-v2-schema.js';
import { acceptsGzip, gzipped } from './gzip.js';
import { negotiateOpenAPIV2 } from './negotiate-v2.js';

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
  if (r.path === '/openapi/v2') {
    const form = negotiateOpenAPIV2(r.req.headers.accept);
    if (form === undefined) return notAcceptable(r.res, v2Vary);
    const gzip = r.req.method === 'GET' && acceptsGzip(r.req.headers['accept-encoding']);
    if (form === 'json') return send(r, set.v2(), { lastModified, vary: v2Vary, gzip });
    return send(r, set.v2Protobuf(), {
      lastModified,
      vary: v2Vary,
      gzip,
      contentType: openAPIV2ProtobufContentType,
    });
  }
  if (!acceptsJSON(r.req.headers.accept)) return notAcceptable(r.res);

  const key = r.path.slice('/openapi/v3/'.length);
  const doc = set.v3.get(key);
  if (doc === undefined) throw pathNotFound();
  const hash = new URL(r.req.url ?? '/', 'https://x').searchParams.get('hash');
  if (hash === null || hash === '') return send(r, doc, { lastModified, vary: ['Accept'] });
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
  send(r, doc, { lastModified, vary: ['Accept'], immutableUntil: expires });
}

// kube-openapi's gzip handler adds its Vary before the v2 handler adds its own.
const v2Vary = ['Accept-Encoding', 'Accept'];

function send(
  r: OpenAPIRequest,
  doc: ServedDocument,
  o: {
    lastModified: string;
    vary?: string[];
    immutableUntil?: string;
    contentType?: string;
    gzip?: boolean;
  },
): void {
  const headers: Record<string, string | number | string[]> = {
    'Cache-Control': o.immutableUntil ? 'public, immutable' : 'no-cache, private',
    ETag: `"${doc.hash}"`,
    ...(o.immutableUntil ? { Expires: o.immutableUntil } : {}),
    ...(o.vary ? { Vary: o.vary } : {}),
  };
  if (matches(r.req.headers['if-none-match'], doc.hash)) {
    // As Go's ServeContent: a 304 with an ETag leaves Last-Modified out.
    r.res.writeHead(304, headers);
    r.res.end();
    return;
  }
  const body = o.gzip ? gzipped(doc) : doc.body;
  r.res.writeHead(200, {
    ...headers,
    'Last-Modified': o.lastModified,
    'Content-Type': o.contentType ?? 'application/json',
    ...(o.gzip ? { 'Content-Encoding': 'gzip' } : {}),
    'Content-Length': body.length,
  });
  r.res.end(r.req.method === 'HEAD' ? undefined : body);
}

function matches(ifNoneMatch: string | undefined, hash: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === `"${hash}"`;
  });
}

function notAcceptable(res: ServerResponse, vary = ['Accept']): void {
  // kube-openapi answers 406 with an empty body here, not a Status.
  res.writeHead(406, { 'Cache-Control': 'no-cache, private', Vary: vary, 'Content-Length': 0 });
  res.end();
}
