// --max-requests-inflight and --max-mutating-requests-inflight on the real server: requests past
// a limit get 429 with Retry-After at once; slow senders hold their slot until their body is in;
// system:masters is not counted. Slots are filled deterministically by POSTs whose body is held back.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { ClientRequest } from 'node:http';
import { Agent, request } from 'node:https';
import { expect } from 'chai';
import { loadConnection } from '../../suites/framework/http/connection.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const CONFIGMAPS = '/clusters/root/api/v1/namespaces/default/configmaps';
const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'inflight-' } });

describe('max requests in flight', function () {
  this.timeout(60_000);
  let rootDirectory: string | undefined;
  let server: ServerProcess | undefined;
  let auth: Record<string, string>;
  let tls: object;

  before(async function () {
    rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-inflight-'));
    server = await startServerProcess({
      rootDirectory,
      extraArgs: ['--max-requests-inflight', '1', '--max-mutating-requests-inflight', '2'],
    });
    // kcp-admin is not in system:masters, which is exempt from the limits as in kube.
    const connection = await loadConnection(server.kubeconfigPath, 'root');
    auth = connection.headers;
    tls = connection.tls;
  });

  after(async function () {
    await server?.stop();
    if (rootDirectory) await rm(rootDirectory, { recursive: true, force: true });
  });

  /** A request on its own connection; `hold` sends only the first bytes of the body. */
  function open(method: string, path: string, payload?: string, hold = false, as = auth) {
    let req!: ClientRequest;
    const reply = new Promise<Reply>((resolve, reject) => {
      req = request(
        `${server!.url}${path}`,
        {
          method,
          agent: new Agent({ keepAlive: false, ...tls }),
          headers: {
            ...as,
            accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          // 'close' also ends a response cut short (an aborted watch).
          res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on('error', reject);
    });
    if (payload === undefined) req.end();
    else if (hold) req.write(payload.slice(0, 10));
    else req.end(payload);
    return { reply, finish: () => req.end(payload!.slice(10)), abort: () => req.destroy() };
  }

  it('answers 429 with Retry-After past the mutating limit while slow senders hold it, then recovers', async function () {
    const slow = [open('POST', CONFIGMAPS, body, true), open('POST', CONFIGMAPS, body, true)];
    // The held requests take their slots once the server has read their headers.
    let refused: Reply | undefined;
    for (let i = 0; i < 50 && !refused; i++) {
      const probe = await open('POST', CONFIGMAPS, body).reply;
      if (probe.status === 429) refused = probe;
      else {
        expect(probe.status, probe.text).to.equal(201);
        await delay(50);
      }
    }
    expect(refused, 'a create refused while both slots are held').to.not.equal(undefined);
    expect(refused!.headers['retry-after']).to.equal('1');
    expect(JSON.parse(refused!.text)).to.include({ kind: 'Status', code: 429, reason: 'TooManyRequests' });
    // Reads have their own limit.
    expect((await open('GET', CONFIGMAPS).reply).status).to.equal(200);

    for (const s of slow) s.finish();
    for (const s of slow) expect((await s.reply).status).to.equal(201);
    expect((await open('POST', CONFIGMAPS, body).reply).status).to.equal(201);
  });

  it('does not count system:masters, as kube does not', async function () {
    const masters = (await loadConnection(server!.kubeconfigPath, 'system:admin')).headers;
    const slow = [open('POST', CONFIGMAPS, body, true), open('POST', CONFIGMAPS, body, true)];
    let full = false;
    for (let i = 0; i < 50 && !full; i++) {
      const probe = await open('POST', CONFIGMAPS, body).reply;
      full = probe.status === 429;
      if (!full) await delay(50);
    }
    expect(full, 'both mutating slots held').to.equal(true);
    const asMasters = await open('POST', CONFIGMAPS, body, false, masters).reply;
    expect(asMasters.status, asMasters.text).to.equal(201);
    for (const s of slow) s.finish();
    for (const s of slow) expect((await s.reply).status).to.equal(201);
  });
});
