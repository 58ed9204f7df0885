import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, startScriptedServer } from '../../../tests/support/scripted-https-server.js';
import { resolveTimeouts } from '../timeouts.js';
import { loadUsersKubeconfig, specialGroups } from './users-kubeconfig.js';

// What makes a --users-kubeconfig unusable, found before any test runs. Most cases fail on the
// file itself; who a user is comes from a (scripted) server's SelfSubjectReview.
describe('--users-kubeconfig loading', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'kh-users-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  const load = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return loadUsersKubeconfig({
      path,
      workspaceUrl: 'https://127.0.0.1:6443/clusters/root',
      timeouts: resolveTimeouts({ request: 1000 }),
    });
  };

  it('treats every system: group but system:authenticated as special', () => {
    expect(specialGroups(['team-1', 'system:authenticated'])).to.deep.equal([]);
    expect(specialGroups(['system:masters', 'system:authenticated', 'system:kcp:admin'])).to.deep.equal([
      'system:masters',
      'system:kcp:admin',
    ]);
  });

  it('refuses a file without contexts', async () => {
    const error = await load('empty.kubeconfig', 'apiVersion: v1\nkind: Config\n').catch((e: Error) => e);
    expect(String(error)).to.match(/--users-kubeconfig .*empty.kubeconfig: it has no contexts/);
  });

  it('refuses a user for another server, naming its context', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: elsewhere, cluster: {server: "https://10.0.0.1:6443"}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: alice, context: {cluster: elsewhere, user: u}}]',
    ].join('\n');
    const error = await load('elsewhere.kubeconfig', text).catch((e: Error) => e);
    expect(String(error)).to.match(/context alice: server https:\/\/10.0.0.1:6443 is not the target's/);
  });

  it('refuses a context it cannot read, naming it', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]',
      'users: [{name: u, user: {exec: {command: get-token}}}]',
      'contexts: [{name: bob, context: {cluster: c, user: u}}]',
    ].join('\n');
    const error = await load('exec.kubeconfig', text).catch((e: Error) => e);
    expect(String(error)).to.match(/context bob: .*exec\/auth-provider plugin/);
  });

  it('stops the run when a user is in a special group, naming the context and the group', async () => {
    const server = await startScriptedServer();
    try {
      const review = (username: string, groups: string[]) =>
        json(201, {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'SelfSubjectReview',
          status: { userInfo: { username, groups } },
        });
      server.script(
        review('user-1', ['system:authenticated']),
        review('admin', ['system:masters', 'system:authenticated']),
      );
      const ca = Buffer.from(server.ca).toString('base64');
      const path = join(dir, 'special.kubeconfig');
      await writeFile(
        path,
        [
          'apiVersion: v1',
          'kind: Config',
          `clusters: [{name: c, cluster: {server: "${server.url}", certificate-authority-data: ${ca}}}]`,
          'users: [{name: u1, user: {token: t1}}, {name: u2, user: {token: t2}}]',
          'contexts: [{name: first, context: {cluster: c, user: u1}}, {name: second, context: {cluster: c, user: u2}}]',
        ].join('\n'),
      );
      const error = await loadUsersKubeconfig({
        path,
        workspaceUrl: `${server.url}/clusters/root`,
        timeouts: resolveTimeouts({ request: 2000 }),
      }).catch((e: Error) => e);
      expect(String(error)).to.match(
        /--users-kubeconfig .*special.kubeconfig: context second: user admin is in system:masters; test users must have no special groups/,
      );
      expect(server.requests).to.deep.equal([
        'POST /clusters/root/apis/authentication.k8s.io/v1/selfsubjectreviews',
        'POST /clusters/root/apis/authentication.k8s.io/v1/selfsubjectreviews',
      ]);
    } finally {
      await server.close();
    }
  });
});
