// A Kubernetes watch (?watch=true) as a stream of events read one at a time, each with a
// deadline. The server sends one JSON object per line ({"type":"ADDED","object":{...}}); a
// background reader queues them so that a test can await exactly the next one.
//
// An ERROR event ends a Kubernetes watch (the server closes the stream after it), so by default
// next() throws it as a WatchErrorEvent carrying the Status, rather than handing the test an
// event whose object is a Status where it expects its resource (a confusing shape error) or
// leaving nextMatching() to time out. Tests about ERROR events open with errorEvents: 'deliver'.
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { describeAnswer, planRetry, waitToRetry } from './retry.js';
import { buildUrl, flattenHeaders, type QueryValue, type Transport } from './transport.js';

/** The server ended the watch stream cleanly (as kube does at timeoutSeconds, or when a CRD changes). */
export class WatchClosedByServerError extends Error {}

/** The metav1.Status of an ERROR event (or of a refused watch). */
export interface WatchStatus {
  code?: number;
  reason?: string;
  message?: string;
}

/** The server sent an ERROR event; code, reason and message are the Status's. */
export class WatchErrorEvent extends Error {
  constructor(
    readonly url: string,
    readonly status: WatchStatus,
    /** Whether it was the stream's first event (the watch never delivered anything). */
    readonly first: boolean,
  ) {
    super(
      `watch ${url}: the server's ${first ? 'first' : 'next'} event was ERROR: ` +
        `${status.code ?? '?'} ${status.reason ?? ''}: ${status.message ?? JSON.stringify(status)}`,
    );
  }
  get code(): number | undefined {
    return this.status.code;
  }
  get reason(): string | undefined {
    return this.status.reason;
  }
}

/** The server answered the watch request with another status than 200. */
export class WatchRefusedError extends Error {
  constructor(
    readonly url: string,
    readonly code: number,
    readonly text: string,
  ) {
    super(`watch ${url}: expected HTTP 200, got ${describeAnswer({ status: code, headers: {}, text })}`);
  }
}

export interface WatchOptions {
  /** Collection path relative to the workspace, e.g. /api/v1/namespaces/ns/configmaps. */
  path: string;
  /** Start after this resourceVersion (typically a list's metadata.resourceVersion). */
  resourceVersion?: string;
  /** More query parameters: labelSelector, fieldSelector, allowWatchBookmarks, ... */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /**
   * throw (default): next() and nextMatching() throw an ERROR event as a WatchErrorEvent;
   * deliver: they return it like any other event (for tests about ERROR events).
   */
  errorEvents?: 'throw' | 'deliver';
  /** false: a 429/5xx with Retry-After is not retried (default: retried as client-go does). */
  retry?: boolean;
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
  // Retries (client-go retries a watch request as any other) stay within one request timeout.
  const deadline = Date.now() + headersTimeoutMs;
  let response = await openStream(transport, url, signal, headersTimeoutMs);
  for (let retries = 0; response.statusCode !== 200; retries += 1) {
    const text = await readAll(response);
    const answer = { status: response.statusCode ?? 0, headers: flattenHeaders(response.headers), text };
    const waitMs =
      options.retry === false || transport.retry === false
        ? undefined
        : planRetry({ method: 'GET', url, retries, deadline }, answer);
    // The refusal carries the Status as sent, so a caller can read its code and reason.
    if (waitMs === undefined) throw new WatchRefusedError(url.toString(), answer.status, text);
    // planRetry left time for the wait within the deadline; only the caller's signal ends it early.
    await waitToRetry(waitMs, signal);
    response = await openStream(transport, url, signal, Math.max(1, deadline - Date.now()));
  }
  const deliverErrors = options.errorEvents === 'deliver';
  let delivered = 0;

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
    const event = queue.shift()!;
    delivered += 1;
    if (event.type === 'ERROR' && !deliverErrors)
      throw new WatchErrorEvent(url.toString(), event.object as WatchStatus, delivered === 1);
    return event;
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

/** Sends the watch request; only the wait for the response head has the deadline timeoutMs. */
function openStream(
  transport: Transport,
  url: URL,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...transport.headers },
      agent: transport.agent,
      signal,
    });
    // Events may be minutes apart and each next() call carries its own deadline.
    const timer = setTimeout(() => req.destroy(new Error(`no response within ${timeoutMs} ms`)), timeoutMs);
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
}

async function readAll(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
