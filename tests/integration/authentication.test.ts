// Authentication of the reference server over HTTPS, as kcp does it: static token file users,
// service-account tokens (bound and legacy, incl. the in-cluster path rewrite), client
// certificates, and impersonation with kcp's rules. Expectations were probed on a real kcp.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { signJwt } from '../../reference-server/src/authn/jwt.js';
import { boundTokenClaims } from '../../reference-server/src/authn/service-account-claims.js';
import { serviceAccountKeyFromPem } from '../../reference-server/src/authn/service-account-key.js';
import { generateCA, generateClient } from '../../reference-server/src/cert-generation.js';
import { issueClientCertificate } from '../../reference-server/src/certs.js';
import { loadConnection } from '../../suites/framework/http/connection.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

interface Send {
  method?: 'GET' | 'POST' | 'DELETE';
  token?: string;
  headers?: Record<string, string | string[]>;
  body?: unknown;
  cert?: { certPem: string; keyPem: string };
}

interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

const TOKENS_CSV = [
  'user-1-token,user-1,1111-1111,"team-1"',
  '',
  'user-2-token,user-2,2222-2222,"team-2,team-x"',
  'admin-token,admin,5555-5555,"system:masters"',
].join('\n');
const SSR = '/apis/authentication.k8s.io/v1/selfsubjectreviews';
const ROOT = '/clusters/root';
const NS = `${ROOT}/api/v1/namespaces/default`;
const suffix = (): string => randomBytes(3).toString('hex');

describe('authentication (reference server over HTTPS)', function () {
  this.timeout(60_000);
  let rootDirectory: string;
  let server: ServerProcess;
  let ca: string;
  let kcpAdmin: string;
  let shardAdmin: string;

  function send(
    path: string,
    o: Send = {},
    via: { url: string; ca: string } = { url: server.url, ca },
  ): Promise<Reply> {
    const headers: Record<string, string | string[]> = { accept: 'application/json', ...o.headers };
    if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const req = request(
        `${via.url}${path}`,
        {
          method: o.method ?? (payload === undefined ? 'GET' : 'POST'),
          headers,
          ca: via.ca,
          agent: false, // a client certificate belongs to its own connection
          ...(o.cert ? { cert: o.cert.certPem, key: o.cert.keyPem } : {}),
          timeout: 10_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => {
            let body: Record<string, unknown> = {};
            try {
              body = JSON.parse(text) as Record<string, unknown>;
            } catch {
              // plain text (health paths)
            }
            resolve({ status: res.statusCode ?? 0, body, text });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  const ssrBody = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };

  /** Who the server says the caller is (SelfSubjectReview), or fails with the reply. */
  async function whoami(o: Send, path = `${ROOT}${SSR}`): Promise<UserInfo> {
    const r = await send(path, { ...o, body: ssrBody });
    expect(r.status, r.text).to.equal(201);
    return (r.body.status as { userInfo: UserInfo }).userInfo;
  }

  async function expectCode(p: Promise<Reply>, code: number): Promise<Reply> {
    const r = await p;
    expect(r.status, r.text).to.equal(code);
    return r;
  }

  async function createServiceAccount(name: string): Promise<string> {
    const r = await expectCode(
      send(`${NS}/serviceaccounts`, { token: kcpAdmin, body: { metadata: { name } } }),
      201,
    );
    return (r.body.metadata as { uid: string }).uid;
  }

  async function requestToken(sa: string, spec: Record<string, unknown> = {}): Promise<string> {
    const r = await expectCode(
      send(`${NS}/serviceaccounts/${sa}/token`, {
        token: kcpAdmin,
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec },
      }),
      201,
    );
    return (r.body.status as { token: string }).token;
  }

  before(async function () {
    rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-authn-'));
    await writeFile(join(rootDirectory, 'tokens.csv'), TOKENS_CSV);
    server = await startServerProcess({
      rootDirectory,
      extraArgs: ['--token-auth-file', join(rootDirectory, 'tokens.csv')],
    });
    const root = await loadConnection(server.kubeconfigPath, 'root');
    const system = await loadConnection(server.kubeconfigPath, 'system:admin');
    ca = readFileSync(join(rootDirectory, 'ca.crt'), 'utf8');
    kcpAdmin = (root.headers.Authorization ?? root.headers.authorization ?? '').replace(/^Bearer /, '');
    shardAdmin = (system.headers.Authorization ?? system.headers.authorization ?? '').replace(/^Bearer /, '');
  });

  after(async function () {
    await server?.stop();
    if (rootDirectory) await rm(rootDirectory, { recursive: true, force: true });
  });

  describe('static token file', function () {
    it('authenticates its users with their uid and groups, plus system:authenticated', async function () {
      expect(await whoami({ token: 'user-1-token' })).to.deep.equal({
        username: 'user-1',
        uid: '1111-1111',
        groups: ['team-1', 'system:authenticated'],
      });
      expect((await whoami({ token: 'user-2-token' })).groups).to.deep.equal([
        'team-2',
        'team-x',
        'system:authenticated',
      ]);
    });

    it('keeps the admin identities', async function () {
      expect((await whoami({ token: kcpAdmin })).username).to.equal('kcp-admin');
      expect((await whoami({ token: shardAdmin })).groups).to.include('system:masters');
    });

    it('answers 401 to an unknown bearer token on every path; other schemes are no credential', async function () {
      for (const path of ['/healthz', `${ROOT}/api/v1/namespaces`])
        await expectCode(send(path, { token: 'nope' }), 401);
      const basic = await expectCode(
        send('/healthz', { headers: { authorization: 'Basic Zm9vOmJhcg==' } }),
        200,
      );
      expect(basic.text).to.equal('ok');
      await expectCode(
        send(`${ROOT}/api/v1/namespaces`, { headers: { authorization: 'Basic Zm9vOmJhcg==' } }),
        403,
      );
    });

    it('refuses to start with a malformed token file, naming the line', async function () {
      const dir = await mkdtemp(join(tmpdir(), 'kcp-harness-authn-bad-'));
      try {
        await writeFile(join(dir, 'tokens.csv'), 'good,user,1\nonly,two\n');
        const failure = await startServerProcess({
          rootDirectory: dir,
          extraArgs: ['--token-auth-file', join(dir, 'tokens.csv')],
          startTimeoutMs: 15_000,
        }).then(
          async (s) => {
            await s.stop();
            return undefined;
          },
          (e: Error) => e.message,
        );
        expect(failure, 'the server started').to.be.a('string');
        expect(failure).to.include('server exited during start-up');
        expect(failure).to.include(
          `token file '${join(dir, 'tokens.csv')}' line 2: must have at least 3 columns`,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('service-account tokens', function () {
    it('issues bound tokens with kcp claims and authenticates them, also without a /clusters prefix', async function () {
      const name = `sa-${suffix()}`;
      const uid = await createServiceAccount(name);
      const token = await requestToken(name);
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      expect(payload).to.deep.include({
        iss: 'https://kcp.default.svc',
        aud: ['https://kcp.default.svc'],
        sub: `system:serviceaccount:default:${name}`,
        'kubernetes.io': { clusterName: 'root', namespace: 'default', serviceaccount: { name, uid } },
      });
      const expected: UserInfo = {
        username: `system:serviceaccount:default:${name}`,
        uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
        extra: {
          'authentication.kcp.io/cluster-name': ['root'],
          'authentication.kcp.io/scopes': ['cluster:root'],
          'authentication.kubernetes.io/credential-id': [`JTI=${String(payload.jti)}`],
        },
      };
      expect(await whoami({ token })).to.deep.equal(expected);
      // In-cluster clients talk to the bare URL: kcp sends them to the token's cluster.
      expect(await whoami({ token }, SSR)).to.deep.equal(expected);
      // A shard-to-shard request is not rewritten: without a cluster it is refused.
      await expectCode(
        send(SSR, { token, body: ssrBody, headers: { 'x-kubernetes-sharded-request': '1' } }),
        403,
      );

      await expectCode(send(`${NS}/serviceaccounts/${name}`, { method: 'DELETE', token: kcpAdmin }), 200);
      await expectCode(send(`${ROOT}${SSR}`, { token, body: ssrBody }), 401);
      await createServiceAccount(name); // same name, new UID: the old token stays dead
      await expectCode(send(`${ROOT}${SSR}`, { token, body: ssrBody }), 401);
    });

    it('ties a Secret-bound token to its Secret', async function () {
      const name = `sa-${suffix()}`;
      await createServiceAccount(name);
      await expectCode(
        send(`${NS}/secrets`, { token: kcpAdmin, body: { metadata: { name: `${name}-anchor` } } }),
        201,
      );
      const token = await requestToken(name, { boundObjectRef: { kind: 'Secret', name: `${name}-anchor` } });
      expect((await whoami({ token })).username).to.equal(`system:serviceaccount:default:${name}`);
      await expectCode(send(`${NS}/secrets/${name}-anchor`, { method: 'DELETE', token: kcpAdmin }), 200);
      await expectCode(send(`${ROOT}${SSR}`, { token, body: ssrBody }), 401);
    });

    it('refuses tokens past their expiry, and TokenRequests the way kcp does', async function () {
      const name = `sa-${suffix()}`;
      const uid = await createServiceAccount(name);
      // A token this server signed an hour ago for ten minutes (its key is in the root directory).
      const key = serviceAccountKeyFromPem(readFileSync(join(rootDirectory, 'sa.key'), 'utf8'));
      const issued = Math.floor(Date.now() / 1000) - 3600;
      const claims = (expirationSeconds: number) =>
        boundTokenClaims({
          serviceAccount: { cluster: 'root', namespace: 'default', name, uid },
          audiences: ['https://kcp.default.svc'],
          expirationSeconds,
          now: issued,
          jti: 'j',
        });
      expect((await whoami({ token: signJwt(claims(7200), key.privateKey, key.keyId) })).uid).to.equal(uid);
      await expectCode(
        send(`${ROOT}${SSR}`, { token: signJwt(claims(600), key.privateKey, key.keyId), body: ssrBody }),
        401,
      );

      const tokenPath = `${NS}/serviceaccounts/${name}/token`;
      const short = await expectCode(
        send(tokenPath, { token: kcpAdmin, body: { spec: { expirationSeconds: 599 } } }),
        422,
      );
      expect(short.body.message).to.equal(
        'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
      );
      await expectCode(send(`${NS}/serviceaccounts/nosuch/token`, { token: kcpAdmin, body: {} }), 404);
      const get = await expectCode(send(tokenPath, { token: kcpAdmin }), 405);
      expect(get.body.reason).to.equal('MethodNotAllowed');
      await expectCode(send(tokenPath, { body: {} }), 403); // anonymous
    });

    it('fills legacy token Secrets and authenticates their tokens until the Secret goes', async function () {
      const name = `sa-${suffix()}`;
      const uid = await createServiceAccount(name);
      await expectCode(
        send(`${NS}/secrets`, {
          token: kcpAdmin,
          body: {
            metadata: { name: `${name}-token`, annotations: { 'kubernetes.io/service-account.name': name } },
            type: 'kubernetes.io/service-account-token',
          },
        }),
        201,
      );
      let secret: Record<string, unknown> = {};
      for (let i = 0; i < 100; i++) {
        secret = (await expectCode(send(`${NS}/secrets/${name}-token`, { token: kcpAdmin }), 200)).body;
        if ((secret.data as Record<string, string> | undefined)?.token) break;
        await delay(50);
      }
      const data = secret.data as Record<string, string>;
      expect(Buffer.from(data.namespace!, 'base64').toString()).to.equal('default');
      expect(Buffer.from(data['ca.crt']!, 'base64').toString()).to.equal(ca);
      expect((secret.metadata as { annotations: Record<string, string> }).annotations).to.include({
        'kubernetes.io/service-account.uid': uid,
      });
      const token = Buffer.from(data.token!, 'base64').toString();
      const user = await whoami({ token }, SSR); // no prefix: the legacy cluster claim routes it
      expect(user).to.deep.equal({
        username: `system:serviceaccount:default:${name}`,
        uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
        extra: {
          'authentication.kcp.io/cluster-name': ['root'],
          'authentication.kcp.io/scopes': ['cluster:root'],
        },
      });
      await expectCode(send(`${NS}/secrets/${name}-token`, { method: 'DELETE', token: kcpAdmin }), 200);
      await expectCode(send(`${ROOT}${SSR}`, { token, body: ssrBody }), 401);
    });

    it('deletes a token Secret whose service account does not exist', async function () {
      const secret = `orphan-${suffix()}`;
      await expectCode(
        send(`${NS}/secrets`, {
          token: kcpAdmin,
          body: {
            metadata: { name: secret, annotations: { 'kubernetes.io/service-account.name': 'nosuch' } },
            type: 'kubernetes.io/service-account-token',
          },
        }),
        201,
      );
      for (let i = 0; i < 100; i++) {
        if ((await send(`${NS}/secrets/${secret}`, { token: kcpAdmin })).status === 404) return;
        await delay(50);
      }
      throw new Error(`secret ${secret} was not deleted`);
    });
  });

  describe('client certificates', function () {
    it('authenticates a certificate of the root directory CA as CN/O', async function () {
      const cert = await issueClientCertificate(rootDirectory, {
        user: 'alice',
        groups: ['devs', 'ops'],
        uid: 'a-1',
      });
      const user = await whoami({ cert });
      expect(user).to.deep.include({
        username: 'alice',
        uid: 'a-1',
        groups: ['devs', 'ops', 'system:authenticated'],
      });
      expect(user.extra?.['authentication.kubernetes.io/credential-id']?.[0]).to.match(
        /^X509SHA256=[0-9a-f]{64}$/,
      );
      // x509 comes before bearer tokens.
      expect((await whoami({ cert, token: 'user-1-token' })).username).to.equal('alice');
    });

    it('answers 401 to a certificate that does not verify, unless a token authenticates', async function () {
      const otherCA = await generateCA();
      const stranger = await generateClient(otherCA, { user: 'mallory', groups: ['system:masters'] });
      await expectCode(send('/healthz', { cert: stranger }), 401);
      expect((await whoami({ cert: stranger, token: 'user-1-token' })).username).to.equal('user-1');
      const expired = await issueClientCertificate(rootDirectory, { user: 'old', validForMs: -1000 });
      await expectCode(send('/healthz', { cert: expired }), 401);
    });

    it('verifies against --client-ca-file instead when given', async function () {
      const dir = await mkdtemp(join(tmpdir(), 'kcp-harness-authn-ca-'));
      let other: ServerProcess | undefined;
      try {
        const clientCA = await generateCA();
        await writeFile(join(dir, 'client-ca.crt'), clientCA.certPem);
        other = await startServerProcess({
          rootDirectory: join(dir, 'root'),
          extraArgs: ['--client-ca-file', join(dir, 'client-ca.crt')],
        });
        const via = { url: other.url, ca: readFileSync(join(dir, 'root', 'ca.crt'), 'utf8') };
        const cert = await generateClient(clientCA, { user: 'carol', groups: ['g'] });
        const r = await send(`${ROOT}${SSR}`, { cert, body: ssrBody }, via);
        expect(r.status, r.text).to.equal(201);
        expect((r.body.status as { userInfo: UserInfo }).userInfo.username).to.equal('carol');
        const fromRoot = await issueClientCertificate(join(dir, 'root'), { user: 'dave' });
        expect((await send('/healthz', { cert: fromRoot }, via)).status).to.equal(401);
      } finally {
        await other?.stop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('impersonation', function () {
    it('lets kcp-admin act as another user, scoped to the request cluster', async function () {
      expect(await whoami({ token: kcpAdmin, headers: { 'Impersonate-User': 'user-1' } })).to.deep.equal({
        username: 'user-1',
        groups: ['system:authenticated'],
        extra: { 'authentication.kcp.io/scopes': ['cluster:root'] },
      });
      const full = await whoami({
        token: kcpAdmin,
        headers: {
          'Impersonate-User': 'user-1',
          'Impersonate-Group': ['team-1', 'other'],
          'Impersonate-Uid': 'u-9',
          'Impersonate-Extra-Example.com%2FScope': ['a', 'b'],
        },
      });
      expect(full).to.deep.equal({
        username: 'user-1',
        uid: 'u-9',
        groups: ['team-1', 'other', 'system:authenticated'],
        extra: { 'example.com/scope': ['a', 'b'], 'authentication.kcp.io/scopes': ['cluster:root'] },
      });
      expect(
        (
          await whoami({
            token: kcpAdmin,
            headers: { 'Impersonate-User': 'system:serviceaccount:default:robot' },
          })
        ).groups,
      ).to.deep.equal(['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']);
    });

    it('does not scope impersonation by system:masters', async function () {
      expect(await whoami({ token: shardAdmin, headers: { 'Impersonate-User': 'user-1' } })).to.deep.equal({
        username: 'user-1',
        groups: ['system:authenticated'],
      });
    });

    it('refuses privileged groups the requester lacks, ungranted impersonation, and groups without a user', async function () {
      const masters = await expectCode(
        send(`${ROOT}${SSR}`, {
          token: kcpAdmin,
          body: ssrBody,
          headers: { 'Impersonate-User': 'user-1', 'Impersonate-Group': 'system:masters' },
        }),
        403,
      );
      expect(masters.body.message).to.equal('forbidden: impersonation is not allowed for the requestor');
      const denied = await expectCode(
        send(`${ROOT}${SSR}`, {
          token: 'user-1-token',
          body: ssrBody,
          headers: { 'Impersonate-User': 'user-2' },
        }),
        403,
      );
      expect(denied.body.message).to.match(
        /^selfsubjectreviews\.authentication\.k8s\.io is forbidden: User "user-1" cannot impersonate-on:user-info:create /,
      );
      const noUser = await expectCode(
        send(`${ROOT}${SSR}`, { token: kcpAdmin, body: ssrBody, headers: { 'Impersonate-Group': 'team-1' } }),
        400,
      );
      expect(noUser.body.message).to.equal(
        'requested &user.DefaultInfo{Name:"", UID:"", Groups:[]string{"team-1"}, Extra:map[string][]string(nil)} without impersonating a user name',
      );
      // Without a logical cluster only system:masters may impersonate.
      await expectCode(
        send(SSR, { token: kcpAdmin, body: ssrBody, headers: { 'Impersonate-User': 'user-1' } }),
        403,
      );
    });
  });
});
