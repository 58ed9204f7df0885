// A small typed HTTP client for one workspace (logical cluster) of a target. Paths are relative
// to the workspace base URL (e.g. https://host:port/clusters/root), so a test written for one
// workspace runs unchanged in another. Every request has a deadline.
import { request } from 'node:https';
import { planRetry, waitToRetry } from './retry.js';
import { buildUrl, deadlineSignal, flattenHeaders, type QueryValue, type Transport } from './transport.js';
import { openWatch, type WatchOptions, type WatchStream } from './watch.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** Relative to the client's base URL; must start with "/". */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON unless a Content-Type header says otherwise (then it must be a string). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the request timeout for this call; it covers every retry too. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * false: return a 429/5xx with Retry-After as it is, for tests that assert such an answer
   * (default: retried as client-go does, see retry.ts).
   */
  retry?: boolean;
}

export interface ApiResponse<T = unknown> {
  method: HttpMethod;
  url: string;
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** The parsed JSON body; undefined when the response is not JSON. */
  body: T;
  text: string;
}

type ShortcutOptions = Omit<RequestOptions, 'method' | 'path' | 'body'>;

export interface ClusterClient {
  /** e.g. https://127.0.0.1:6443/clusters/root */
  readonly baseUrl: string;
  request<T = unknown>(options: RequestOptions): Promise<ApiResponse<T>>;
  get<T = unknown>(path: string, options?: ShortcutOptions): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body: unknown, options?: ShortcutOptions): Promise<ApiResponse<T>>;
  put<T = unknown>(path: string, body: unknown, options?: ShortcutOptions): Promise<ApiResponse<T>>;
  delete<T = unknown>(path: string, options?: ShortcutOptions): Promise<ApiResponse<T>>;
  /** Opens a watch (?watch=true) and streams its events; see watch.ts. */
  watch(options: WatchOptions): Promise<WatchStream>;
  /** A client with the same credentials for another base URL (another workspace, or the bare server). */
  at(baseUrl: string): ClusterClient;
  /** The same client sending more headers with every request (e.g. Impersonate-User). */
  withHeaders(headers: Record<string, string>): ClusterClient;
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (text === '' || !contentType?.includes('json')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function send<T>(
  transport: Transport,
  baseUrl: string,
  options: RequestOptions,
): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const url = buildUrl(baseUrl, options.path, options.query);
  const timeoutMs = options.timeoutMs ?? transport.timeouts.request;
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...transport.headers,
    ...options.headers,
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    const custom = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    body = custom ? String(options.body) : JSON.stringify(options.body);
    if (!custom) headers['content-type'] = 'application/json';
    // node:https frames DELETE (and GET) bodies only when told their length: it sends no chunked
    // encoding for those methods, and the server would read the body as the next request.
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const signal = deadlineSignal(timeoutMs, options.signal);
  const deadline = Date.now() + timeoutMs;
  try {
    let response = await exchange(transport, url, method, headers, body, signal);
    for (let retries = 0; options.retry !== false && transport.retry !== false; retries += 1) {
      const waitMs = planRetry({ method, url, retries, deadline }, response);
      if (waitMs === undefined) break;
      await waitToRetry(waitMs, signal);
      response = await exchange(transport, url, method, headers, body, signal);
    }
    return {
      method,
      url: url.toString(),
      ...response,
      body: parseJson(response.text, response.headers['content-type']) as T,
    };
  } catch (error) {
    if (signal.aborted && !options.signal?.aborted) {
      throw new Error(`${method} ${url} timed out after ${timeoutMs} ms`, { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${method} ${url} failed: ${reason}`, { cause: error });
  }
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** One request/response over the transport's agent; the signal covers reading the body too. */
function exchange(
  transport: Transport,
  url: URL,
  method: HttpMethod,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: transport.agent, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new Error('connection closed before the response was complete'));
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function createClusterClient(transport: Transport, baseUrl: string): ClusterClient {
  const base = baseUrl.replace(/\/+$/, '');
  const client: ClusterClient = {
    baseUrl: base,
    request: (options) => send(transport, base, options),
    get: (path, options) => send(transport, base, { ...options, method: 'GET', path }),
    post: (path, body, options) => send(transport, base, { ...options, method: 'POST', path, body }),
    put: (path, body, options) => send(transport, base, { ...options, method: 'PUT', path, body }),
    delete: (path, options) => send(transport, base, { ...options, method: 'DELETE', path }),
    watch: (options) => openWatch(transport, base, options),
    at: (other) => createClusterClient(transport, other),
    withHeaders: (extra) =>
      createClusterClient({ ...transport, headers: { ...transport.headers, ...extra } }, base),
  };
  return client;
}
