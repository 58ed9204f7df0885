// What the reference server answers at the HTTP level, raw: status codes, Status bodies and
// headers that clients depend on without ever showing them to a user.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Agent, request } from 'node:https';
import { loadConnection } from '../../suites/framework/http/connection.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

interface Reply {
  status: number;
  contentType: string | undefined;
  text: string;
}

interface Send {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Bearer token; undefined sends no Authorization header. */
  token?: string;
  body?: string;
  contentType?: string;
  /** Another server than the suite's (its URL and an agent trusting its CA). */
  via?: { url: string; agent: Agent };
}

const CONFIGMAPS = '/clusters/root/api/v1/namespaces/default/configmaps';
const suffix = (): string => randomBytes(3).toString('hex');

function parseStatus(reply: Reply): Record<string, unknown> {
  try {
    return JSON.parse(reply.text) as Record<string, unknown>;
  } catch {
    throw new Error(
      `expected a JSON Status body, got ${reply.status} ${reply.contentType}: ${reply.text.slice(0, 300)}`,
    );
  }
}

/** The reply is a metav1.Status with this code and reason, sent as exactly application/json. */
function expectStatus(reply: Reply, code: number, reason: string): Record<string, unknown> {
  const describe = `${reply.status} ${reply.contentType}: ${reply.text.slice(0, 500)}`;
  expect(reply.status, describe).to.equal(code);
  expect(reply.contentType, describe).to.equal('application/json');
  const status = parseStatus(reply);
  expect(status, describe).to.include({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  expect(status.message, describe).to.be.a('string').and.not.equal('');
  return status;
}

describe('HTTP behaviour of the reference server', function () {
  this.timeout(60_000);
  let rootDirectory: string | undefined;
  let server: ServerProcess | undefined;
  let agent: Agent | undefined;
  let adminToken: string;

  // node:https rather than undici: the installed undici 8 needs Node >= 22.19 (we run on 20).
  function send(path: string, options: Send = {}): Promise<Reply> {
    if (!server || !agent) throw new Error('server not started');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    const url = `${options.via?.url ?? server.url}${path}`;
    const method = options.method ?? 'GET';
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method, headers, agent: options.via?.agent ?? agent, timeout: 10_000 },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: response.headers['content-type'],
              text,
            }),
          );
          response.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
      req.on('error', reject);
      req.end(options.body);
    });
  }

  before(async function () {
    rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-http-'));
    server = await startServerProcess({ rootDirectory });
    const connection = await loadConnection(server.kubeconfigPath, 'root');
    agent = new Agent({ keepAlive: true, ...connection.tls });
    const authorization = connection.headers.Authorization ?? connection.headers.authorization ?? '';
    expect(authorization).to.match(/^Bearer \S+$/);
    adminToken = authorization.slice('Bearer '.length);
  });

  after(async function () {
    agent?.destroy();
    await server?.stop();
    if (rootDirectory) await rm(rootDirectory, { recursive: true, force: true });
  });

  // kcp v0.32 (probed): without credentials a request is system:anonymous and authorization
  // answers 403, except on the health paths; credentials that fail give 401 everywhere.
  describe('authentication', function () {
    it('treats a request without a token as system:anonymous: 403 Forbidden on a resource path', async function () {
      const status = expectStatus(await send('/clusters/root/api/v1/namespaces'), 403, 'Forbidden');
      expect(status.message).to.contain('User "system:anonymous" cannot list resource "namespaces"');
    });

    it('answers 401 Unauthorized as a Status, without details, to a bad token on any path', async function () {
      for (const path of [
        '/clusters/root/api/v1/namespaces',
        CONFIGMAPS,
        '/healthz',
        '/clusters/root/healthz',
      ]) {
        const status = expectStatus(await send(path, { token: 'not-a-real-token' }), 401, 'Unauthorized');
        expect(status, path).to.not.have.property('details');
      }
      expectStatus(await send(CONFIGMAPS, { token: `${adminToken}x` }), 401, 'Unauthorized');
    });

    for (const path of ['/healthz', '/livez', '/readyz', '/clusters/root/healthz', '/clusters/root/readyz']) {
      it(`serves ${path} without a token: 200 ok`, async function () {
        const reply = await send(path);
        expect(reply.status, reply.text).to.equal(200);
        expect(reply.text).to.equal('ok');
      });
    }

    it('resolves cluster paths and shard-level paths before authenticating, as kcp does', async function () {
      expectStatus(await send('/clusters/Bad_Name/api'), 400, 'BadRequest');
      expectStatus(await send('/clusters/nosuch:child/api'), 404, 'NotFound');
      const metrics = await send('/clusters/root/metrics');
      expect(metrics.status, metrics.text).to.equal(501);
    });
  });

  describe('authentication with --anonymous-auth=false', function () {
    let strictDirectory: string | undefined;
    let strict: ServerProcess | undefined;
    before(async function () {
      strictDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-http-strict-'));
      strict = await startServerProcess({
        rootDirectory: strictDirectory,
        extraArgs: ['--anonymous-auth', 'false'],
      });
    });
    after(async function () {
      await strict?.stop();
      if (strictDirectory) await rm(strictDirectory, { recursive: true, force: true });
    });

    it('answers 401 without a token on a resource path, and still serves the health paths', async function () {
      const connection = await loadConnection(strict!.kubeconfigPath, 'root');
      const via = { url: strict!.url, agent: new Agent({ ...connection.tls }) };
      try {
        expectStatus(await send('/clusters/root/api/v1/namespaces', { via }), 401, 'Unauthorized');
        const health = await send('/readyz', { via });
        expect(health.status, health.text).to.equal(200);
      } finally {
        via.agent.destroy();
      }
    });
  });

  describe('Content-Type', function () {
    it('is exactly application/json on JSON responses', async function () {
      for (const path of [
        '/clusters/root/api',
        '/clusters/root/api/v1',
        '/clusters/root/api/v1/namespaces',
        '/clusters/root/api/v1/namespaces/default',
        CONFIGMAPS,
        '/clusters/root/version',
      ]) {
        const reply = await send(path, { token: adminToken });
        expect(reply.status, `${path}: ${reply.text.slice(0, 300)}`).to.equal(200);
        expect(reply.contentType, path).to.equal('application/json');
        expect(() => JSON.parse(reply.text) as unknown, path).to.not.throw();
      }
      const name = `ct-${suffix()}`;
      const created = await send(CONFIGMAPS, {
        method: 'POST',
        token: adminToken,
        contentType: 'application/json',
        body: JSON.stringify({ metadata: { name } }),
      });
      expect(created.status, created.text).to.equal(201);
      expect(created.contentType).to.equal('application/json');
    });

    it('is exactly application/json on errors', async function () {
      expectStatus(
        await send(`${CONFIGMAPS}/does-not-exist-${suffix()}`, { token: adminToken }),
        404,
        'NotFound',
      );
    });
  });

  describe('paths', function () {
    it('answers 404 for a doubled /clusters/ prefix', async function () {
      expectStatus(await send('/clusters/root/clusters/root/api', { token: adminToken }), 404, 'NotFound');
    });

    it('answers 501 in plain text for /metrics inside a workspace, as kcp does', async function () {
      const reply = await send('/clusters/root/metrics', { token: adminToken });
      expect(reply.status, reply.text).to.equal(501);
      expect(reply.contentType).to.equal('text/plain; charset=utf-8');
      expect(reply.text).to.equal('shard-level endpoint not available at workspace scope\n');
    });

    it('answers 403 Forbidden for a cluster that does not exist', async function () {
      expectStatus(
        await send('/clusters/nosuchcluster/api/v1/namespaces', { token: adminToken }),
        403,
        'Forbidden',
      );
    });

    it('answers 400 BadRequest for an invalid cluster name', async function () {
      expectStatus(await send('/clusters/Bad_Name/api', { token: adminToken }), 400, 'BadRequest');
    });
  });

  describe('/metrics', function () {
    async function metrics(): Promise<string> {
      const reply = await send('/metrics', { token: adminToken });
      expect(reply.status, reply.text.slice(0, 300)).to.equal(200);
      expect(reply.contentType).to.match(/^text\/plain/);
      return reply.text;
    }

    /** The value of the apiserver_request_total series that has all these labels, or undefined. */
    function requestTotal(text: string, labels: Record<string, string>): number | undefined {
      for (const line of text.split('\n')) {
        const match = /^apiserver_request_total\{([^}]*)\}\s+(\S+)$/.exec(line);
        if (!match) continue;
        const present = Object.fromEntries(
          [...(match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
        );
        if (Object.entries(labels).every(([name, value]) => present[name] === value)) return Number(match[2]);
      }
      return undefined;
    }

    it('reports process_resident_memory_bytes and counts a request by verb, resource and code', async function () {
      const missing = `metrics-missing-${suffix()}`;
      const labels = { verb: 'GET', group: '', resource: 'configmaps', subresource: '', code: '404' };
      const before = requestTotal(await metrics(), labels) ?? 0;
      expectStatus(await send(`${CONFIGMAPS}/${missing}`, { token: adminToken }), 404, 'NotFound');
      const text = await metrics();
      const rss = /^process_resident_memory_bytes (\S+)$/m.exec(text);
      expect(rss, 'process_resident_memory_bytes').to.not.equal(null);
      expect(Number(rss?.[1])).to.be.greaterThan(0);
      expect(
        requestTotal(text, labels),
        `apiserver_request_total${JSON.stringify(labels)} in\n${text
          .split('\n')
          .filter((l) => l.startsWith('apiserver_request_total'))
          .join('\n')}`,
      ).to.equal(before + 1);
      expect(requestTotal(text, { verb: 'LIST', resource: 'configmaps', code: '200' })).to.be.a('number');
    });

    it('counts a create as verb POST, as kube-apiserver does', async function () {
      // kube-apiserver's apiserver_request_total uses the REST verbs of its route installer
      // (GET, LIST, WATCH, POST, PUT, PATCH, DELETE, ...): a create is verb="POST".
      const labels = { verb: 'POST', resource: 'configmaps', code: '201' };
      const before = requestTotal(await metrics(), labels) ?? 0;
      const created = await send(CONFIGMAPS, {
        method: 'POST',
        token: adminToken,
        contentType: 'application/json',
        body: JSON.stringify({ metadata: { name: `metrics-${suffix()}` } }),
      });
      expect(created.status, created.text).to.equal(201);
      const text = await metrics();
      expect(
        requestTotal(text, labels),
        text
          .split('\n')
          .filter((l) => l.startsWith('apiserver_request_total'))
          .join('\n'),
      ).to.equal(before + 1);
    });
  });

  describe('request bodies', function () {
    const malformed: [string, string][] = [
      ['truncated JSON', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {'],
      ['not JSON at all', 'this is not json'],
      ['an empty body', ''],
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      ['a JSON number', '42'],
      ['a JSON string', '"configmap"'],
    ];
    for (const [what, body] of malformed) {
      it(`answers 400 BadRequest (never 500) to ${what} on create and update`, async function () {
        expectStatus(
          await send(CONFIGMAPS, {
            method: 'POST',
            token: adminToken,
            contentType: 'application/json',
            body,
          }),
          400,
          'BadRequest',
        );
        const name = `body-${suffix()}`;
        const created = await send(CONFIGMAPS, {
          method: 'POST',
          token: adminToken,
          contentType: 'application/json',
          body: JSON.stringify({ metadata: { name } }),
        });
        expect(created.status, created.text).to.equal(201);
        expectStatus(
          await send(`${CONFIGMAPS}/${name}`, {
            method: 'PUT',
            token: adminToken,
            contentType: 'application/json',
            body,
          }),
          400,
          'BadRequest',
        );
      });
    }

    it('answers 400 BadRequest to a field of the wrong JSON type', async function () {
      // kube-apiserver decodes into typed structs: a number where metadata.name is a string is a
      // decode error (400), not an object named 7.
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 7 } });
      expectStatus(
        await send(CONFIGMAPS, { method: 'POST', token: adminToken, contentType: 'application/json', body }),
        400,
        'BadRequest',
      );
    });

    it('answers 415 UnsupportedMediaType to a body with a wrong Content-Type', async function () {
      const body = JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `ct-${suffix()}` },
      });
      expectStatus(
        await send(CONFIGMAPS, { method: 'POST', token: adminToken, contentType: 'text/plain', body }),
        415,
        'UnsupportedMediaType',
      );
      expectStatus(
        await send(CONFIGMAPS, { method: 'POST', token: adminToken, contentType: 'application/xml', body }),
        415,
        'UnsupportedMediaType',
      );
    });
  });
});
