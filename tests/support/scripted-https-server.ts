// A local HTTPS server whose answers a unit test scripts, one handler per request in order; it
// stands in for a remote server's answers (429 with Retry-After, a watch whose first event is
// ERROR) that a real server gives only under conditions a test cannot arrange. Not a mock of
// anything a user runs: the suite client talks real HTTPS to it.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateCA, generateServing } from '../../reference-server/src/cert-generation.js';
import { createClusterClient, type ClusterClient } from '../../suites/framework/http/client.js';
import { createTransport, type Transport } from '../../suites/framework/http/transport.js';
import { resolveTimeouts, type Timeouts } from '../../suites/framework/timeouts.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ScriptedServer {
  url: string;
  /** The PEM of the CA that signed the server's certificate, for kubeconfigs that trust it. */
  ca: string;
  /** Method and path (with query) of every request received, in order. */
  readonly requests: string[];
  /** Answers the next requests with these handlers, in order; later requests get 500 "unscripted". */
  script(...handlers: Handler[]): void;
  /** A suite client for the server, trusting its CA. */
  client(timeouts?: Partial<Timeouts>, options?: Partial<Pick<Transport, 'retry'>>): ClusterClient;
  close(): Promise<void>;
}

/** A Status answer, with extra headers (e.g. retry-after). */
export function status(
  code: number,
  reason: string,
  message: string,
  headers: Record<string, string> = {},
): Handler {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }));
  };
}

export function json(code: number, body: unknown): Handler {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

/** A watch answer: 200 and these events, one JSON object per line; then the stream ends. */
export function watchEvents(events: readonly unknown[], options: { keepOpen?: boolean } = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // A stream with no events yet still shows its head, as a server's watch does.
    res.flushHeaders();
    for (const event of events) res.write(`${JSON.stringify(event)}\n`);
    if (!options.keepOpen) res.end();
  };
}

let pki: Promise<{ ca: string; cert: string; key: string }> | undefined;

async function localPki(): Promise<{ ca: string; cert: string; key: string }> {
  const ca = await generateCA();
  const serving = await generateServing(ca, { dns: ['localhost'], ips: ['127.0.0.1'] });
  return { ca: ca.certPem, cert: serving.certPem, key: serving.keyPem };
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  pki ??= localPki();
  const { ca, cert, key } = await pki;
  const queue: Handler[] = [];
  const requests: string[] = [];
  const transports: Transport[] = [];
  const server: Server = createServer({ cert, key }, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const handler = queue.shift() ?? status(500, 'InternalError', 'unscripted request');
    // Read the body first, as a server does, so keep-alive connections stay usable.
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    ca,
    requests,
    script: (...handlers) => void queue.push(...handlers),
    client(timeouts = {}, options = {}) {
      const transport = {
        ...createTransport(
          { server: url, context: 'scripted', kubeconfigPath: '-', tls: { ca }, headers: {} },
          resolveTimeouts(timeouts),
        ),
        ...options,
      };
      transports.push(transport);
      return createClusterClient(transport, url);
    },
    async close() {
      for (const transport of transports) transport.agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
