// RS256 compact JWS on node:crypto.

import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { decodeJwt, keyIdOf, signJwt, verifyJwt } from './jwt.js';

describe('jwt', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = keyIdOf(publicKey);

  it('signs with sorted claims, decodes and verifies', () => {
    const token = signJwt({ sub: 's', aud: ['a'], nested: { z: 1, a: 2 } }, privateKey, kid);
    const jwt = decodeJwt(token)!;
    expect(jwt.header).to.deep.equal({ alg: 'RS256', kid });
    expect(Buffer.from(token.split('.')[1]!, 'base64url').toString()).to.equal(
      '{"aud":["a"],"nested":{"a":2,"z":1},"sub":"s"}',
    );
    expect(verifyJwt(jwt, publicKey)).to.equal(true);
    expect(verifyJwt(jwt, other.publicKey)).to.equal(false);
  });

  it('refuses tampered payloads, other algorithms and malformed signatures', () => {
    const [h, , s] = signJwt({ sub: 's' }, privateKey, kid).split('.');
    const forged = `${h}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${s}`;
    expect(verifyJwt(decodeJwt(forged)!, publicKey)).to.equal(false);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expect(verifyJwt(decodeJwt(none)!, publicKey)).to.equal(false);
    expect(verifyJwt(decodeJwt(`${h}.${Buffer.from('{}').toString('base64url')}.AAAA`)!, publicKey)).to.equal(
      false,
    );
  });

  it('decodes only things shaped like a JWS', () => {
    expect(decodeJwt('user-1-token')).to.equal(undefined);
    expect(decodeJwt('a.b.c')).to.equal(undefined);
    expect(decodeJwt(`${Buffer.from('[1]').toString('base64url')}.e30.x`)).to.equal(undefined);
  });

  it('derives the key id as Kubernetes does (base64url SHA-256 of the PKIX key, no padding)', () => {
    expect(kid).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(keyIdOf(other.publicKey)).to.not.equal(kid);
  });
});
