// A Kubernetes watch (?watch=true) as a stream of events read one at a time, each with a
// deadline. The server sends one JSON object per line ({"type":"ADDED","object":{...}}); a
// background reader queues them so that a test can await exactly the next one.
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { buildUrl, flattenHeaders, type QueryValue, type Transport } from './transport.js';

/** The server ended the watch stream cleanly (as kube does at timeoutSeconds, or when a CRD changes). */
export class WatchClosedByServerError extends Error {}

export interface WatchOptions {
  /** Collection path relative to the workspace, e.g. /api/v1/namespaces/ns/configmaps. */
  path: string;
  /** Start after this resourceVersion (typically a list's metadata.resourceVersion). */
  resourceVersion?: string;
  /** More query parameters: labelSelector, fieldSelector, allowWatchBookmarks, ... */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

export interface WatchEvent<T = Record<string, unknown>> {
  type: string;
  object: T;
}

export interface WatchStream {
  readonly url: string;
  /** Response headers of the watch request (lower-cased names). */
  readonly headers: Record<string, string>;
  /** The next event; rejects if none arrives within timeoutMs (default: the watchEvent timeout). */
  next(timeoutMs?: number): Promise<WatchEvent>;
  /** The next event that matches, discarding the others; one deadline for the whole wait. */
  nextMatching(match: (event: WatchEvent) => boolean, timeoutMs?: number): Promise<WatchEvent>;
  close(): void;
}

export async function openWatch(
  transport: Transport,
  baseUrl: string,
  options: WatchOptions,
): Promise<WatchStream> {
  const url = buildUrl(baseUrl, options.path, {
    ...options.query,
    watch: 'true',
    resourceVersion: options.resourceVersion,
  });
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const headersTimeoutMs = transport.timeouts.request;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...transport.headers },
      agent: transport.agent,
      signal,
    });
    // Only the wait for the response head has this deadline; events may be minutes apart and
    // each next() call carries its own.
    const timer = setTimeout(
      () => req.destroy(new Error(`no response within ${headersTimeoutMs} ms`)),
      headersTimeoutMs,
    );
    req.on('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  }).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`watch ${url} failed: ${reason}`, { cause: error });
  });
  if (response.statusCode !== 200) {
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    throw new Error(`watch ${url}: expected HTTP 200, got ${response.statusCode}: ${text.slice(0, 500)}`);
  }

  const queue: WatchEvent[] = [];
  let closedByTest = false;
  let ended: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response) {
        buffer += decoder.decode(chunk as Buffer, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line !== '') queue.push(JSON.parse(line) as WatchEvent);
          notify();
        }
      }
      ended = new WatchClosedByServerError(`watch ${url} was closed by the server`);
    } catch (error) {
      const reason =
        controller.signal.aborted || closedByTest
          ? 'closed by the test'
          : error instanceof Error
            ? error.message
            : String(error);
      ended = new Error(`watch ${url} ended: ${reason}`, { cause: error });
    }
    notify();
  })();

  const next = async (timeoutMs = transport.timeouts.watchEvent): Promise<WatchEvent> => {
    const deadline = Date.now() + timeoutMs;
    while (queue.length === 0) {
      if (ended) throw ended;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no watch event within ${timeoutMs} ms on ${url}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return queue.shift()!;
  };

  return {
    url: url.toString(),
    headers: flattenHeaders(response.headers),
    next,
    async nextMatching(match, timeoutMs = transport.timeouts.watchEvent) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no matching watch event within ${timeoutMs} ms on ${url}`);
        const event = await next(remaining);
        if (match(event)) return event;
      }
    },
    close() {
      // Destroying the response without an error ends the reader quietly; aborting the request
      // signal instead raised an AbortError after the server had already ended the stream.
      closedByTest = true;
      response.destroy();
    },
  };
}
