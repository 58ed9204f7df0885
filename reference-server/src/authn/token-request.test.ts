// TokenRequest: the answers kcp gives (probed on kcp; see the authentication README section).

import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { secrets } from '../registry/builtins/secrets.js';
import { serviceaccounts } from '../registry/builtins/serviceaccounts.js';
import { createObject } from '../registry/objects.js';
import { createMemoryStore } from '../storage/memory-store.js';
import type { Store } from '../storage/store.js';
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, verifyJwt } from './jwt.js';
import { serviceAccountKeyFromPem } from './service-account-key.js';
import { tokenRequestCreator } from './token-request.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const key = serviceAccountKeyFromPem(pem);
const now = 1_800_000_000;

async function refusal(p: Promise<unknown>): Promise<{ code: number; reason?: string; message?: string }> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    return (e as ApiError).status;
  }
  throw new Error('expected a refusal');
}

describe('TokenRequest', () => {
  let store: Store;
  let saUID: string;
  const scope = { type: serviceaccounts, cluster: 'c1', namespace: 'ns' };
  const request = (body: KubeObject, name = 'robot') =>
    tokenRequestCreator({ store, key, now: () => now }).create({ scope, name, body });

  beforeEach(async () => {
    store = createMemoryStore();
    saUID = (await createObject(store, scope, { metadata: { name: 'robot' } })).metadata!.uid!;
  });
  afterEach(() => store.close());

  it('defaults audiences and expiration, and answers with a token kcp would issue', async () => {
    const answer = await request({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    expect(answer).to.deep.include({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: 'robot', namespace: 'ns', uid: saUID, creationTimestamp: '2027-01-15T08:00:00Z' },
      spec: { audiences: ['https://kcp.default.svc'], expirationSeconds: 3600, boundObjectRef: null },
    });
    const status = answer.status as { token: string; expirationTimestamp: string };
    expect(status.expirationTimestamp).to.equal('2027-01-15T09:00:00Z');
    const jwt = decodeJwt(status.token)!;
    expect(verifyJwt(jwt, key.publicKey)).to.equal(true);
    expect(jwt.payload).to.deep.include({
      iss: 'https://kcp.default.svc',
      aud: ['https://kcp.default.svc'],
      sub: 'system:serviceaccount:ns:robot',
      iat: now,
      nbf: now,
      exp: now + 3600,
      'kubernetes.io': { clusterName: 'c1', namespace: 'ns', serviceaccount: { name: 'robot', uid: saUID } },
    });
    expect(jwt.payload.jti).to.be.a('string').with.length(36);
  });

  it('binds to a Secret, checking its UID', async () => {
    const secret = await createObject(store, { ...scope, type: secrets }, { metadata: { name: 's' } });
    const answer = await request({
      spec: { audiences: ['x'], boundObjectRef: { kind: 'Secret', name: 's' } },
    });
    const jwt = decodeJwt((answer.status as { token: string }).token)!;
    expect(jwt.payload.aud).to.deep.equal(['x']);
    expect(jwt.payload['kubernetes.io']).to.have.deep.property('secret', {
      name: 's',
      uid: secret.metadata!.uid,
    });
    const wrong = await refusal(
      request({ spec: { boundObjectRef: { kind: 'Secret', name: 's', uid: 'nope' } } }),
    );
    expect(wrong).to.include({ code: 409, reason: 'Conflict' });
    expect(wrong.message).to.equal(
      'Operation cannot be fulfilled on Secret "s": the UID in the bound object reference (nope) does not match the UID in record. The object might have been deleted and then recreated',
    );
  });

  it('refuses what kcp refuses, with its codes and messages', async () => {
    expect(await refusal(request({ spec: { expirationSeconds: 599 } }))).to.include({
      code: 422,
      message:
        'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    });
    expect(await refusal(request({ spec: { expirationSeconds: 2 ** 32 + 1 } }))).to.include({ code: 422 });
    expect(await request({ spec: { expirationSeconds: 2 ** 32 } })).to.have.nested.property(
      'spec.expirationSeconds',
      2 ** 32,
    );
    expect(await refusal(request({ metadata: { name: 'foo' } }))).to.include({
      code: 422,
      message:
        'TokenRequest.authentication.k8s.io "robot" is invalid: metadata.name: Invalid value: "foo": must match the service account name if specified',
    });
    expect(await refusal(request({}, 'nosuch'))).to.include({
      code: 404,
      message: 'serviceaccounts "nosuch" not found',
    });
    expect(
      await refusal(request({ spec: { boundObjectRef: { kind: 'Secret', name: 'nosuch' } } })),
    ).to.include({
      code: 404,
      message: 'secrets "nosuch" not found',
    });
    expect(
      await refusal(request({ spec: { boundObjectRef: { kind: 'Pod', name: 'p', apiVersion: 'v1' } } })),
    ).to.include({ code: 404, message: 'pods "p" not found' });
    expect(
      await refusal(
        request({ spec: { boundObjectRef: { kind: 'ConfigMap', name: 'p', apiVersion: 'v1' } } }),
      ),
    ).to.include({ code: 400, message: 'cannot bind token to object of type /v1, Kind=ConfigMap' });
    expect(await refusal(request({ spec: { audiences: 'a' } }))).to.include({
      code: 400,
      message:
        'TokenRequest in version "v1" cannot be handled as a TokenRequest: json: cannot unmarshal string into Go struct field TokenRequestSpec.spec.audiences of type []string',
    });
    expect(await refusal(request({ apiVersion: 'v1', kind: 'TokenRequest' }))).to.include({ code: 400 });
    expect(await refusal(request({ metadata: { namespace: 'other' } }))).to.include({
      code: 400,
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
    expect(await refusal(request({ metadata: { uid: 'other' } }))).to.include({ code: 409 });
  });
});
