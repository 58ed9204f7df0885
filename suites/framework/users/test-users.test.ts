import { expect } from 'chai';
import { createClusterClient, type ClusterClient } from '../http/client.js';
import { createTransport } from '../http/transport.js';
import { MissingPrerequisite } from '../prerequisite.js';
import { resolveTimeouts } from '../timeouts.js';
import {
  impersonatedUserName,
  impersonationPool,
  kubeconfigPool,
  unavailablePool,
  type Impersonator,
  type OwnUser,
} from './test-users.js';

// Which users a test gets, without a server: the clients' base URLs and the headers they would
// send are read back from the real client the pool builds.
const transport = createTransport(
  {
    server: 'https://127.0.0.1:1',
    context: 'x',
    kubeconfigPath: 'x',
    tls: {},
    headers: { authorization: 'Bearer run' },
  },
  resolveTimeouts(),
);

/** The headers a client adds, recorded by wrapping withHeaders along the chain. */
function recorded(
  baseUrl: string,
  headers: Record<string, string> = {},
): ClusterClient & { sent: Record<string, string> } {
  const client = createClusterClient(transport, baseUrl);
  return {
    ...client,
    sent: headers,
    at: (other) => recorded(other, headers),
    withHeaders: (extra) => recorded(baseUrl, { ...headers, ...extra }),
  };
}

const impersonator = (scoped: boolean): Impersonator => ({
  name: 'shard-admin',
  scoped,
  groups: ['system:authenticated'],
  clientAt: (baseUrl) => recorded(baseUrl),
});

const ownUser = (name: string, closed: string[]): OwnUser => ({
  context: `ctx-${name}`,
  name,
  groups: ['team', 'system:authenticated'],
  clientAt: (baseUrl) => recorded(baseUrl, { authorization: `Bearer ${name}` }),
  close: () => void closed.push(name),
});

const WORKSPACE = 'https://127.0.0.1:1/clusters/root:run:test';

describe('test users', () => {
  after(() => transport.agent.destroy());

  describe('impersonation', () => {
    it('hands out kh-<run>-user-<n>, impersonated for the test workspace, the same on every call', () => {
      const pool = impersonationPool(impersonator(false), 'abc-12345');
      const [first, second] = pool.take(2, WORKSPACE);
      expect(first!.name).to.equal('kh-abc-12345-user-1');
      expect(second!.name).to.equal(impersonatedUserName('abc-12345', 2));
      expect(first!.credentials).to.equal('impersonated');
      expect(first!.groups).to.deep.equal(['system:authenticated']);
      expect(first!.client.baseUrl).to.equal(WORKSPACE);
      expect((first!.client as ReturnType<typeof recorded>).sent).to.deep.equal({
        'impersonate-user': 'kh-abc-12345-user-1',
      });
      expect(pool.take(1, WORKSPACE)[0]!.name).to.equal(first!.name);
    });

    it('keeps the impersonation when a user client is pointed at another workspace', () => {
      const [user] = impersonationPool(impersonator(false), 'r').take(1, WORKSPACE);
      const elsewhere = user!.client.at('https://127.0.0.1:1/clusters/root:other') as ReturnType<
        typeof recorded
      >;
      expect(elsewhere.baseUrl).to.equal('https://127.0.0.1:1/clusters/root:other');
      expect(elsewhere.sent).to.deep.equal({ 'impersonate-user': 'kh-r-user-1' });
    });

    it('reports the impersonator and the users handed out', () => {
      const pool = impersonationPool(impersonator(false), 'r');
      expect(pool.info().users).to.deep.equal([]);
      pool.take(3, WORKSPACE);
      pool.take(1, WORKSPACE);
      expect(pool.info()).to.deep.include({
        source: 'impersonation',
        impersonator: 'shard-admin',
        scoped: false,
        users: ['kh-r-user-1', 'kh-r-user-2', 'kh-r-user-3'],
      });
    });

    it('skips a test that needs unscoped users when they are scoped, naming the ways out', () => {
      const scoped = impersonationPool(impersonator(true), 'r');
      expect(scoped.take(1, WORKSPACE)).to.have.length(1);
      expect(() => scoped.take(2, WORKSPACE, { unscoped: true })).to.throw(
        MissingPrerequisite,
        /^needs 2 test users that count as themselves.*scopes the users shard-admin impersonates.*system:masters.*--users-kubeconfig FILE \(see README, Test users\)/,
      );
      expect(
        impersonationPool(impersonator(false), 'r').take(2, WORKSPACE, { unscoped: true }),
      ).to.have.length(2);
      expect(scoped.info().describe).to.contain('scoped by the server');
    });

    it('rejects a count that is not a positive integer (a defect of the test, not a skip)', () => {
      const pool = impersonationPool(impersonator(false), 'r');
      expect(() => pool.take(0, WORKSPACE))
        .to.throw(/1 or more/)
        .and.not.be.instanceOf(MissingPrerequisite);
      expect(() => pool.take(1.5, WORKSPACE)).to.throw(/1 or more/);
    });
  });

  describe('--users-kubeconfig', () => {
    it('hands out the file users by position with their own credentials, and closes them all', () => {
      const closed: string[] = [];
      const pool = kubeconfigPool('/tmp/users.kubeconfig', [
        ownUser('user-1', closed),
        ownUser('user-2', closed),
      ]);
      const [first] = pool.take(1, WORKSPACE);
      expect(first).to.deep.include({ name: 'user-1', credentials: 'own' });
      expect(first!.groups).to.deep.equal(['team', 'system:authenticated']);
      expect((first!.client as ReturnType<typeof recorded>).sent).to.deep.equal({
        authorization: 'Bearer user-1',
      });
      expect(pool.take(2, WORKSPACE).map((user) => user.name)).to.deep.equal(['user-1', 'user-2']);
      expect(pool.info()).to.deep.include({
        source: 'users-kubeconfig',
        kubeconfig: '/tmp/users.kubeconfig',
        users: ['user-1', 'user-2'],
      });
      pool.close();
      expect(closed).to.deep.equal(['user-1', 'user-2']);
    });

    it('skips a test that needs more users than the file has', () => {
      const pool = kubeconfigPool('/tmp/users.kubeconfig', [ownUser('user-1', [])]);
      expect(() => pool.take(3, WORKSPACE)).to.throw(
        MissingPrerequisite,
        /^needs 3 test users, but --users-kubeconfig \/tmp\/users.kubeconfig has 1: add users to it/,
      );
    });
  });

  it('without a source, skips the test with the flag to pass and the reason', () => {
    const pool = unavailablePool('no identity of the kubeconfig may impersonate');
    expect(() => pool.take(1, WORKSPACE)).to.throw(
      MissingPrerequisite,
      /^needs 1 test user: pass --users-kubeconfig FILE \(see README, Test users\): .*; here no identity of the kubeconfig may impersonate$/,
    );
    expect(pool.info()).to.deep.equal({
      source: 'none',
      describe: 'no test users: no identity of the kubeconfig may impersonate',
      users: [],
      reason: 'no identity of the kubeconfig may impersonate',
    });
  });
});
