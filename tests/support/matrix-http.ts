// Raw HTTPS exchanges for the authorization matrix, as one kubeconfig identity, optionally
// impersonating a user with several groups. Not the suites' ClusterClient: impersonation needs
// the Impersonate-Group header repeated (one value per group), and a watch must be answered as
// soon as its status line arrives, without waiting for the stream to end.
import { Agent, request } from 'node:https';
import type { Connection } from '../../suites/framework/http/connection.js';

export interface Impersonation {
  user: string;
  groups: string[];
}

export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute path on the server, e.g. /clusters/root:a/api/v1/namespaces. */
  path: string;
  impersonate?: Impersonation;
  body?: string;
  contentType?: string;
  /** Resolve once the response headers arrived and close the connection (watches). */
  headersOnly?: boolean;
  timeoutMs?: number;
}

export interface HttpReply {
  status: number;
  /** The body (empty for headersOnly). */
  text: string;
}

export interface Actor {
  /** The server URL without /clusters/..., e.g. https://127.0.0.1:6443. */
  readonly serverUrl: string;
  readonly connection: Connection;
  send(call: HttpCall): Promise<HttpReply>;
  /** send(), then JSON-parse the body (undefined when it is not JSON). */
  json<T>(call: HttpCall): Promise<{ status: number; body: T | undefined; text: string }>;
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The kubeconfig server URL without a /clusters/<name> suffix. */
export function serverUrlOf(connection: Connection): string {
  return connection.server.replace(/\/clusters\/[^/]*$/, '');
}

export function createActor(connection: Connection, maxSockets = 16): Actor {
  const agent = new Agent({ keepAlive: true, maxSockets, ...connection.tls });
  const serverUrl = serverUrlOf(connection);
  const send = (call: HttpCall): Promise<HttpReply> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = {
        accept: 'application/json',
        ...connection.headers,
      };
      if (call.impersonate) {
        headers['impersonate-user'] = call.impersonate.user;
        if (call.impersonate.groups.length > 0) headers['impersonate-group'] = call.impersonate.groups;
      }
      if (call.body !== undefined) headers['content-type'] = call.contentType ?? 'application/json';
      const url = new URL(serverUrl + call.path);
      const req = request(
        url,
        { method: call.method, headers, agent, timeout: call.timeoutMs ?? DEFAULT_TIMEOUT_MS },
        (res) => {
          const status = res.statusCode ?? 0;
          if (call.headersOnly) {
            resolve({ status, text: '' });
            res.destroy();
            return;
          }
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status, text }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${call.method} ${url} timed out`)));
      req.on('error', (error) =>
        reject(new Error(`${call.method} ${url}: ${error.message}`, { cause: error })),
      );
      req.end(call.body);
    });
  return {
    serverUrl,
    connection,
    send,
    async json<T>(call: HttpCall) {
      const reply = await send(call);
      let body: T | undefined;
      try {
        body = reply.text ? (JSON.parse(reply.text) as T) : undefined;
      } catch {
        body = undefined;
      }
      return { status: reply.status, body, text: reply.text };
    },
    close: () => agent.destroy(),
  };
}

/** Runs fn over items with at most `limit` calls in flight; results in input order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
