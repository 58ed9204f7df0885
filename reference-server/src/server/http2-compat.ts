// HTTP/2 next to HTTP/1.1 on the one TLS port (ALPN h2, http/1.1). Handlers are written against
// node:http's IncomingMessage/ServerResponse; node:http2's compatibility objects follow that API
// except in two ways that matter here, which this adapter evens out per request:
// - connection-specific headers (Transfer-Encoding, Connection, Keep-Alive, ...) are illegal in
//   HTTP/2 and throw; HTTP/2 frames the body itself, so they are dropped;
// - the Host header arrives as the :authority pseudo-header;
// - there is no `headersDistinct` (every value of every header, by lower-case name), which the
//   impersonation filter reads; it is built from rawHeaders on first use.

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

const connectionHeaders = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

/** The request and response as node:http handlers expect them, whichever protocol carried them. */
export function asHttp1(req: AnyRequest, res: AnyResponse): { req: IncomingMessage; res: ServerResponse } {
  if (req.httpVersionMajor === 2) adaptHttp2(req as Http2ServerRequest, res as Http2ServerResponse);
  return { req: req as IncomingMessage, res: res as ServerResponse };
}

function withoutConnectionHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !connectionHeaders.has(k.toLowerCase())));
}

function distinctHeaders(rawHeaders: readonly string[]): Record<string, string[]> {
  const distinct: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (name.startsWith(':')) continue;
    (distinct[name] ??= []).push(rawHeaders[i + 1]!);
  }
  return distinct;
}

function adaptHttp2(req: Http2ServerRequest, res: Http2ServerResponse): void {
  const authority = req.headers[':authority'];
  if (req.headers.host === undefined && typeof authority === 'string') req.headers.host = authority;
  if (!('headersDistinct' in req)) {
    let distinct: Record<string, string[]> | undefined;
    Object.defineProperty(req, 'headersDistinct', {
      get: () => (distinct ??= distinctHeaders(req.rawHeaders)),
    });
  }

  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) =>
    connectionHeaders.has(name.toLowerCase()) ? res : setHeader(name, value);

  const writeHead = res.writeHead.bind(res) as (code: number, ...rest: unknown[]) => Http2ServerResponse;
  res.writeHead = ((code: number, ...rest: unknown[]) => {
    const args = rest.map((a) =>
      a !== null && typeof a === 'object' && !Array.isArray(a)
        ? withoutConnectionHeaders(a as OutgoingHttpHeaders)
        : a,
    );
    return writeHead(code, ...args);
  }) as Http2ServerResponse['writeHead'];
}
