import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConnection } from './connection.js';

// Shaped like kcp's admin.kubeconfig (pkg/server/options/authentication.go writes it).
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: root
  cluster:
    server: https://127.0.0.1:6443/clusters/root/
    certificate-authority-data: ${Buffer.from('CA PEM').toString('base64')}
- name: base
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority: ca.crt
    tls-server-name: kcp.local
users:
- name: kcp-admin
  user:
    token: secret-token
- name: cert-user
  user:
    client-certificate: client.crt
    client-key-data: ${Buffer.from('KEY PEM').toString('base64')}
    as: someone
contexts:
- name: root
  context: { cluster: root, user: kcp-admin }
- name: base
  context: { cluster: base, user: cert-user }
current-context: root
`;

describe('loadConnection', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-kubeconfig-'));
    await writeFile(join(dir, 'admin.kubeconfig'), KUBECONFIG);
    await writeFile(join(dir, 'ca.crt'), 'CA FILE');
    await writeFile(join(dir, 'client.crt'), 'CERT FILE');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads the current context: server without trailing slash, CA data, bearer token', async () => {
    const connection = await loadConnection(join(dir, 'admin.kubeconfig'));
    expect(connection.context).to.equal('root');
    expect(connection.server).to.equal('https://127.0.0.1:6443/clusters/root');
    expect(String(connection.tls.ca)).to.equal('CA PEM');
    expect(connection.headers).to.deep.equal({ authorization: 'Bearer secret-token' });
  });

  it('reads another context: files relative to the kubeconfig, client cert, impersonation, SNI', async () => {
    const connection = await loadConnection(join(dir, 'admin.kubeconfig'), 'base');
    expect(String(connection.tls.ca)).to.equal('CA FILE');
    expect(String(connection.tls.cert)).to.equal('CERT FILE');
    expect(String(connection.tls.key)).to.equal('KEY PEM');
    expect(connection.tls.servername).to.equal('kcp.local');
    expect(connection.headers).to.deep.equal({ 'impersonate-user': 'someone' });
  });

  it('names the contexts it has when asked for a missing one', async () => {
    const error = await loadConnection(join(dir, 'admin.kubeconfig'), 'nope').catch((e: unknown) => e);
    expect(String(error)).to.match(/no context "nope" \(has: root, base\)/);
  });
});
