// What every request to one target shares: the HTTPS agent holding the TLS settings and the
// connection pool, the authentication headers and the per-operation timeouts. Clients for
// different workspaces of the same target share one transport.
//
// Built on node:https rather than undici: the installed undici (8.x) needs Node >= 22.19 and
// fails at import time on Node 20, which this package supports.
import { Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { Timeouts } from '../timeouts.js';
import type { Connection } from './connection.js';

export interface Transport {
  readonly agent: Agent;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeouts: Pick<Timeouts, 'request' | 'watchEvent'>;
  /**
   * false: never retry 429/5xx answers with Retry-After (a load generator must see them as they
   * are); default: retried as client-go does (retry.ts).
   */
  readonly retry?: boolean;
}

export type QueryValue = string | number | boolean | undefined;

export function createTransport(
  connection: Connection,
  timeouts: Pick<Timeouts, 'request' | 'watchEvent'>,
): Transport {
  return {
    agent: new Agent({ keepAlive: true, ...connection.tls }),
    headers: connection.headers,
    timeouts,
  };
}

/** Joins a base URL (which may carry a path such as /clusters/root) with a request path and query. */
export function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> = {}): URL {
  if (!path.startsWith('/')) throw new Error(`request path must start with "/": ${path}`);
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

/** A signal that fires when the caller's signal does or after timeoutMs, whichever is first. */
export function deadlineSignal(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** Lower-cased header names (node already lower-cases); repeated headers joined the way HTTP allows. */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}
