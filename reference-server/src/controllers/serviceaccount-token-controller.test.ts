// The legacy token controller on a real (in-memory) store.

import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { decodeJwt, verifyJwt } from '../authn/jwt.js';
import { serviceAccountKeyFromPem } from '../authn/service-account-key.js';
import { secrets } from '../registry/builtins/secrets.js';
import { serviceaccounts } from '../registry/builtins/serviceaccounts.js';
import { createObject, deleteObject, getObject } from '../registry/objects.js';
import { createMemoryStore } from '../storage/memory-store.js';
import type { Store } from '../storage/store.js';
import type { Controller } from './namespace-controller.js';
import { startServiceAccountTokenController } from './serviceaccount-token-controller.js';

const key = serviceAccountKeyFromPem(
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string,
);
const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('service-account token controller', () => {
  let store: Store;
  let controller: Controller | undefined;
  const saScope = { type: serviceaccounts, cluster: 'c1', namespace: 'ns' };
  const secretScope = { type: secrets, cluster: 'c1', namespace: 'ns' };
  const tokenSecret = (name: string, sa: string, more: Record<string, unknown> = {}) =>
    createObject(store, secretScope, {
      metadata: { name, annotations: { 'kubernetes.io/service-account.name': sa } },
      type: 'kubernetes.io/service-account-token',
      ...more,
    });
  const exists = (name: string) =>
    getObject(store, secretScope, name).then(
      () => true,
      () => false,
    );
  const start = async () => {
    controller = await startServiceAccountTokenController({ store, caPem, key, log: () => undefined });
  };
  const settle = () => controller!.idle();
  /** Until `check` holds (the SA-deletion path lists Secrets before it queues them). */
  async function eventually(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('condition not reached within 1 s');
  }

  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(async () => {
    controller?.stop();
    controller = undefined;
    await store.close();
  });

  it('fills token, namespace and ca.crt, and records the service account UID', async () => {
    const sa = await createObject(store, saScope, { metadata: { name: 'robot' } });
    await start();
    await tokenSecret('robot-token', 'robot');
    await settle();
    const secret = await getObject(store, secretScope, 'robot-token');
    const data = secret.data as Record<string, string>;
    expect(data.namespace).to.equal(b64('ns'));
    expect(data['ca.crt']).to.equal(b64(caPem));
    expect(secret.metadata?.annotations?.['kubernetes.io/service-account.uid']).to.equal(sa.metadata?.uid);
    const jwt = decodeJwt(Buffer.from(data.token!, 'base64').toString())!;
    expect(verifyJwt(jwt, key.publicKey)).to.equal(true);
    expect(jwt.payload).to.deep.equal({
      iss: 'kubernetes/serviceaccount',
      sub: 'system:serviceaccount:ns:robot',
      'kubernetes.io/serviceaccount/clusterName': 'c1',
      'kubernetes.io/serviceaccount/namespace': 'ns',
      'kubernetes.io/serviceaccount/secret.name': 'robot-token',
      'kubernetes.io/serviceaccount/service-account.name': 'robot',
      'kubernetes.io/serviceaccount/service-account.uid': sa.metadata?.uid,
    });
  });

  it('keeps a token and namespace the Secret already has', async () => {
    await createObject(store, saScope, { metadata: { name: 'robot' } });
    await tokenSecret('robot-token', 'robot', { data: { token: b64('abc'), namespace: b64('other') } });
    await start();
    await settle();
    const data = (await getObject(store, secretScope, 'robot-token')).data as Record<string, string>;
    expect(data.token).to.equal(b64('abc'));
    expect(data.namespace).to.equal(b64('other'));
    expect(data['ca.crt']).to.equal(b64(caPem));
  });

  it('deletes Secrets of missing or replaced service accounts, found on start and on change', async () => {
    await createObject(store, saScope, { metadata: { name: 'robot' } });
    await tokenSecret('orphan', 'nosuch');
    await start();
    await tokenSecret('wrong-uid', 'robot', {
      metadata: {
        name: 'wrong-uid',
        annotations: {
          'kubernetes.io/service-account.name': 'robot',
          'kubernetes.io/service-account.uid': 'x',
        },
      },
    });
    await tokenSecret('robot-token', 'robot');
    await settle();
    expect(await exists('orphan')).to.equal(false);
    expect(await exists('wrong-uid')).to.equal(false);
    expect(await exists('robot-token')).to.equal(true);
    await deleteObject(store, saScope, 'robot');
    await eventually(async () => !(await exists('robot-token')));
  });

  it('leaves other Secrets alone', async () => {
    await start();
    await createObject(store, secretScope, { metadata: { name: 'plain' }, data: { a: b64('b') } });
    await settle();
    expect((await getObject(store, secretScope, 'plain')).data).to.deep.equal({ a: b64('b') });
  });
});
