// Test support: runs the real kubectl against a throwaway local HTTP server and hands back
// the first write it sends, so decoder tests check bytes from a real client, not only bytes
// our own encoder produced. The server knows just enough discovery for kubectl to reach the
// write; `reply` chooses the answer to that write.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CapturedWrite {
  method: string;
  url: string;
  contentType: string;
  accept: string;
  body: Buffer;
}

export interface KubectlRun {
  write: CapturedWrite | undefined;
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What the server answers to the write: a status code and a JSON body. */
export type WriteReply = (write: CapturedWrite) => { code: number; body: unknown };

export const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl';

export function kubectlAvailable(): boolean {
  return existsSync(kubectlPath);
}

const allVerbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

// Legacy discovery only: kubectl asks for the aggregated form first and falls back when the
// answer is plain application/json.
const discovery: Readonly<Record<string, unknown>> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      { name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: allVerbs },
      {
        name: 'namespaces',
        singularName: 'namespace',
        namespaced: false,
        kind: 'Namespace',
        verbs: allVerbs,
      },
    ],
  },
};

function sendJSON(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Runs `kubectl <args>` against a local server; resolves when kubectl exits. */
export async function runKubectlAgainstCapture(args: string[], reply: WriteReply): Promise<KubectlRun> {
  let write: CapturedWrite | undefined;
  const server = createServer((req, res) => {
    void readAll(req)
      .then((body) => {
        const path = (req.url ?? '/').split('?')[0]!;
        if (req.method === 'GET') {
          if (Object.hasOwn(discovery, path)) return sendJSON(res, 200, discovery[path]);
          return sendJSON(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 });
        }
        const captured: CapturedWrite = {
          method: req.method ?? '',
          url: req.url ?? '',
          contentType: req.headers['content-type'] ?? '',
          accept: req.headers.accept ?? '',
          body,
        };
        write ??= captured;
        const answer = reply(captured);
        sendJSON(res, answer.code, answer.body);
      })
      .catch((e: unknown) => {
        // A throwing `reply` must fail kubectl visibly, not leave it waiting for an answer.
        if (!res.headersSent)
          sendJSON(res, 500, { kind: 'Status', status: 'Failure', message: String(e), code: 500 });
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = await mkdtemp(join(tmpdir(), 'kcp-wire-kubectl-'));
  try {
    const { port } = server.address() as AddressInfo;
    const kubeconfig = join(dir, 'kubeconfig.yaml');
    await writeFile(kubeconfig, kubeconfigFor(`http://127.0.0.1:${port}`));
    const run = await execKubectl(['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args]);
    return { write, ...run };
  } finally {
    server.closeAllConnections();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function kubeconfigFor(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: capture, cluster: {server: "${server}"}}]`,
    'users: [{name: capture, user: {token: capture-token}}]',
    'contexts: [{name: capture, context: {cluster: capture, user: capture}}]',
    'current-context: capture',
    '',
  ].join('\n');
}

function execKubectl(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve) => {
    execFile(kubectlPath, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ stdout, stderr, exitCode });
    });
  });
}
