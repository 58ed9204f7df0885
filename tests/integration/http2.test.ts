// HTTP/2 and HTTP/1.1 on the reference server's one TLS port: ALPN picks h2 for clients that
// offer it (Go clients such as kubectl do by default) and HTTP/1.1 for the others; the same
// handlers answer both, including watch streams, repeated Warning headers, and shutdown with
// HTTP/2 sessions still open.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { loadConnection, type Connection } from '../../suites/framework/http/connection.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';

interface H2Response {
  headers: IncomingHttpHeaders;
  text: string;
}

function h2Request(
  session: ClientHttp2Session,
  conn: Connection,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<H2Response> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ':method': init.method ?? 'GET',
      ':path': path,
      ...conn.headers,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    });
    let headers: IncomingHttpHeaders = {};
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', (h) => (headers = h));
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => resolve({ headers, text }));
    stream.on('error', reject);
    stream.end(init.body !== undefined ? JSON.stringify(init.body) : undefined);
  });
}

describe('HTTP/2 next to HTTP/1.1', function () {
  this.timeout(120_000);
  let env: ServerWithClients;
  let root: ClusterClient;
  let conn: Connection;
  let session: ClientHttp2Session;
  const prefix = '/clusters/root';

  before(async () => {
    env = await startServerWithClients('http2');
    root = await env.client('root');
    conn = await loadConnection(env.server.kubeconfigPath, 'root');
    session = connect(env.server.url, { ca: conn.tls.ca as string });
    await new Promise<void>((ok, fail) => {
      session.once('connect', () => ok());
      session.once('error', fail);
    });
  });
  after(async () => {
    session?.destroy();
    await env?.stop();
  });

  it('negotiates h2 with ALPN and answers on it as on HTTP/1.1', async () => {
    expect(session.alpnProtocol).to.equal('h2');
    const h2 = await h2Request(session, conn, `${prefix}/api`);
    expect(h2.headers[':status']).to.equal(200);
    expect(h2.headers['content-type']).to.equal('application/json');
    const h1 = await root.get('/api');
    expect(h1.status).to.equal(200);
    // The Host header arrives as :authority over h2; discovery reports the same address.
    expect(JSON.parse(h2.text)).to.deep.equal(h1.body);
  });

  it('sends each warning as its own header over h2', async () => {
    const r = await h2Request(
      session,
      conn,
      `${prefix}/api/v1/namespaces/default/configmaps?fieldValidation=Warn`,
      {
        method: 'POST',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'h2-warn' }, bogus: 1, other: 2 },
      },
    );
    expect(r.headers[':status']).to.equal(201);
    expect(String(r.headers['warning'])).to.contain('unknown field \\"bogus\\"');
    expect(String(r.headers['warning'])).to.contain('unknown field \\"other\\"');
    expect(r.headers['transfer-encoding']).to.equal(undefined);
  });

  it('honours Impersonate-* headers over h2 (kubectl --as)', async () => {
    const r = await h2Request(session, conn, `${prefix}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      headers: { 'impersonate-user': 'h2-alice', 'impersonate-group': 'h2-team' },
    });
    expect(r.headers[':status']).to.equal(201);
    const review = JSON.parse(r.text) as { status: { userInfo: { username: string; groups: string[] } } };
    expect(review.status.userInfo.username).to.equal('h2-alice');
    expect(review.status.userInfo.groups).to.include('h2-team');
    // A group without a user is kube's 400, over h2 as over HTTP/1.1.
    const bad = await h2Request(session, conn, `${prefix}/api/v1/namespaces`, {
      headers: { 'impersonate-group': 'h2-team' },
    });
    expect(bad.headers[':status']).to.equal(400);
  });

  it('streams a watch over h2 while HTTP/1.1 writes', async () => {
    const list = await h2Request(session, conn, `${prefix}/api/v1/namespaces/default/configmaps`);
    const rv = (JSON.parse(list.text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const stream = session.request({
      ':path': `${prefix}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`,
      ...conn.headers,
    });
    stream.setEncoding('utf8');
    let buffered = '';
    const added = new Promise<string>((resolve, reject) => {
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        for (const line of buffered.split('\n').slice(0, -1)) {
          const ev = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
          if (ev.type === 'ADDED' && ev.object.metadata.name === 'h2-watched') resolve(ev.type);
        }
      });
      stream.on('error', reject);
    });
    const headers = await new Promise<IncomingHttpHeaders>((ok) => stream.once('response', ok));
    expect(headers[':status']).to.equal(200);
    const created = await root.post('/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'h2-watched' },
    });
    expect(created.status).to.equal(201);
    expect(await added).to.equal('ADDED');
    stream.close();
  });

  it('serves kubectl, which speaks h2 by default', async function () {
    if (!existsSync(KUBECTL)) {
      if (process.env.CI === 'true')
        throw new Error(`kubectl is required in CI and was not found at ${KUBECTL}`);
      this.skip();
    }
    const { stdout, stderr } = await run(
      KUBECTL,
      ['--kubeconfig', env.server.kubeconfigPath, 'get', 'configmap', 'h2-watched', '-o', 'name'],
      {
        env: { ...process.env, GODEBUG: 'http2debug=1' },
      },
    );
    expect(stdout.trim()).to.equal('configmap/h2-watched');
    expect(stderr).to.contain('http2: Transport creating client conn');
  });

  it('shuts down promptly with an h2 watch still open', async () => {
    const stream = session.request({
      ':path': `${prefix}/api/v1/namespaces/default/configmaps?watch=true`,
      ...conn.headers,
    });
    stream.on('error', () => undefined);
    await new Promise((ok) => stream.once('response', ok));
    const started = Date.now();
    await env.server.stop();
    expect(Date.now() - started).to.be.lessThan(8_000);
  });
});
