// Sends one request exactly as given (method, path bytes, headers, body), which typed clients
// refuse to do, and reads the answer with a deadline: a server that never answers is a finding,
// not a stuck run.

import { Agent, request } from 'node:https';
import type { TlsOptions } from '../../suites/framework/http/connection.js';

export interface RawReply {
  /** 0 when no answer came: see `error`. */
  status: number;
  /** The first bytes of the body, for reports. */
  excerpt: string;
  ms: number;
  /** `timeout` (no answer in time), `client` (refused before sending), or the socket error. */
  error?: string;
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export function rawAgent(tls: TlsOptions, maxSockets: number): Agent {
  // Idle sockets are closed here well before a server's keep-alive timeout (Node's is 65 s,
  // Go's idle timeout often less), so no request goes out on a socket the server is closing.
  return new Agent({ keepAlive: true, maxSockets, timeout: 15_000, ...tls });
}

const EXCERPT_BYTES = 300;

/** `keepBytes`: how much of the body to keep in `excerpt`. */
export function sendRaw(
  agent: Agent,
  r: RawRequest,
  timeoutMs: number,
  keepBytes = EXCERPT_BYTES,
): Promise<RawReply> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const done = (reply: RawReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    let req: ReturnType<typeof request>;
    try {
      req = request(r.url, { method: r.method, headers: r.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < keepBytes) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            excerpt: Buffer.concat(chunks).toString('utf8').slice(0, keepBytes),
            ms: ms(),
          }),
        );
        res.on('error', (e) =>
          done({ status: res.statusCode ?? 0, excerpt: '', ms: ms(), error: e.message }),
        );
      });
    } catch (e) {
      // Node refuses some paths and headers outright (control characters, invalid tokens).
      resolve({ status: 0, excerpt: '', ms: 0, error: `client: ${(e as Error).message}` });
      return;
    }
    const timer = setTimeout(() => {
      req.destroy();
      done({ status: 0, excerpt: '', ms: ms(), error: 'timeout' });
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      const client = e.code?.startsWith('ERR_INVALID') || e.code === 'ERR_UNESCAPED_CHARACTERS';
      done({ status: 0, excerpt: '', ms: ms(), error: client ? `client: ${e.message}` : e.message });
    });
    req.end(r.body);
  });
}
