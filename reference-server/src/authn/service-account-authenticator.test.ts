// Service-account tokens against a real (in-memory) store: what the token says must still hold.

import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import type { KubeObject } from '../api/types.js';
import { secrets } from '../registry/builtins/secrets.js';
import { serviceaccounts } from '../registry/builtins/serviceaccounts.js';
import { createObject, deleteObject } from '../registry/objects.js';
import { createMemoryStore } from '../storage/memory-store.js';
import type { Store } from '../storage/store.js';
import type { AuthenticationResult } from './authenticator.js';
import { keyIdOf, signJwt } from './jwt.js';
import { serviceAccountTokenAuthenticator } from './service-account-authenticator.js';
import {
  boundTokenClaims,
  legacyTokenClaims,
  type ServiceAccountIdentity,
} from './service-account-claims.js';

const now = 1_800_000_000;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = keyIdOf(publicKey);
const sign = (claims: Record<string, unknown>, key = privateKey) => signJwt(claims, key, kid);

describe('service-account token authenticator', () => {
  let store: Store;
  let sa: ServiceAccountIdentity;
  const saScope = { type: serviceaccounts, cluster: 'c1', namespace: 'ns' };
  const secretScope = { type: secrets, cluster: 'c1', namespace: 'ns' };
  let marked: string[];
  const authenticate = (token: string, at = now) =>
    serviceAccountTokenAuthenticator({
      store,
      key: { publicKey },
      now: () => at,
      markLegacyTokenUsed: async (cluster, secret, day) => {
        marked.push(`${cluster}/${secret.metadata?.name}@${day}`);
      },
    })(token);
  const bound = (o: Partial<Parameters<typeof boundTokenClaims>[0]> = {}) =>
    boundTokenClaims({
      serviceAccount: sa,
      audiences: ['https://kcp.default.svc'],
      expirationSeconds: 3600,
      now,
      jti: 'j-1',
      ...o,
    });
  const failed = (r: AuthenticationResult) => expect(r).to.have.property('failed').that.is.a('string');

  beforeEach(async () => {
    store = createMemoryStore();
    marked = [];
    const created = await createObject(store, saScope, { metadata: { name: 'robot' } });
    sa = { cluster: 'c1', namespace: 'ns', name: 'robot', uid: created.metadata!.uid! };
  });
  afterEach(() => store.close());

  it('authenticates a bound token as kcp does: SA groups, cluster and scope extras, credential id', async () => {
    expect(await authenticate(sign(bound()))).to.deep.equal({
      user: {
        name: 'system:serviceaccount:ns:robot',
        uid: sa.uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:ns'],
        extra: {
          'authentication.kcp.io/cluster-name': ['c1'],
          'authentication.kcp.io/scopes': ['cluster:c1'],
          'authentication.kubernetes.io/credential-id': ['JTI=j-1'],
        },
      },
    });
  });

  it('has no opinion on tokens of other issuers or that are no JWT', async () => {
    expect(await authenticate('user-1-token')).to.equal(undefined);
    expect(await authenticate(sign({ ...bound(), iss: 'https://elsewhere' }))).to.equal(undefined);
  });

  it('fails a token signed by another key, or meant for another audience', async () => {
    failed(await authenticate(sign(bound(), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)));
    failed(await authenticate(sign(bound({ audiences: ['other'] }))));
    expect(
      await authenticate(sign(bound({ audiences: ['other', 'https://kcp.default.svc'] }))),
    ).to.have.property('user');
  });

  it('honours exp, nbf and iat with one minute of leeway', async () => {
    const token = sign(bound({ expirationSeconds: 600 }));
    expect(await authenticate(token, now + 600 + 60)).to.have.property('user');
    expect(await authenticate(token, now + 600 + 61)).to.deep.equal({
      failed: 'service account token has expired',
    });
    expect(await authenticate(token, now - 61)).to.deep.equal({
      failed: 'service account token is not valid yet',
    });
  });

  it('fails once the service account is gone or was recreated', async () => {
    const token = sign(bound());
    await deleteObject(store, saScope, 'robot');
    failed(await authenticate(token));
    await createObject(store, saScope, { metadata: { name: 'robot' } });
    failed(await authenticate(token));
  });

  it('ties a Secret-bound token to that Secret', async () => {
    const secret = await createObject(store, secretScope, { metadata: { name: 'anchor' } });
    const token = sign(bound({ secret: { name: 'anchor', uid: secret.metadata!.uid! } }));
    expect(await authenticate(token)).to.have.property('user');
    await deleteObject(store, secretScope, 'anchor');
    failed(await authenticate(token));
  });

  describe('legacy tokens', () => {
    async function tokenSecret(token: string, extra: Partial<KubeObject['metadata']> = {}) {
      return createObject(store, secretScope, {
        metadata: {
          name: 'robot-token',
          annotations: { 'kubernetes.io/service-account.name': 'robot' },
          ...extra,
        },
        type: 'kubernetes.io/service-account-token',
        data: { token: Buffer.from(token).toString('base64') },
      });
    }

    it('authenticates the token its Secret holds, without credential id, and records the day of use', async () => {
      const token = sign(legacyTokenClaims(sa, 'robot-token'));
      await tokenSecret(token);
      const r = await authenticate(token);
      expect(r).to.have.nested.property('user.name', 'system:serviceaccount:ns:robot');
      expect(r).to.have.deep.nested.property('user.extra', {
        'authentication.kcp.io/cluster-name': ['c1'],
        'authentication.kcp.io/scopes': ['cluster:c1'],
      });
      expect(marked).to.deep.equal([`c1/robot-token@${new Date().toISOString().slice(0, 10)}`]);
    });

    it('fails when the Secret is gone, holds another token, or the SA is gone', async () => {
      const token = sign(legacyTokenClaims(sa, 'robot-token'));
      expect(await authenticate(token)).to.deep.equal({ failed: 'Token has been invalidated' });
      await tokenSecret(sign({ ...legacyTokenClaims(sa, 'robot-token'), extra: 'x' }));
      expect(await authenticate(token)).to.deep.equal({ failed: "Token does not match server's copy" });
      await deleteObject(store, secretScope, 'robot-token');
      await tokenSecret(token);
      await deleteObject(store, saScope, 'robot');
      failed(await authenticate(token));
    });

    it('fails a token whose subject does not match its claims, or whose Secret is marked invalid', async () => {
      const token = sign({ ...legacyTokenClaims(sa, 'robot-token'), sub: 'system:serviceaccount:ns:other' });
      await tokenSecret(token);
      expect(await authenticate(token)).to.deep.equal({ failed: 'sub claim is invalid' });
      const good = sign(legacyTokenClaims(sa, 'robot-token'));
      await deleteObject(store, secretScope, 'robot-token');
      await tokenSecret(good, { labels: { 'kubernetes.io/legacy-token-invalid-since': '2020-01-01' } });
      failed(await authenticate(good));
    });
  });
});
