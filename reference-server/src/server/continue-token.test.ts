import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import { decodeContinue, encodeContinue, encodeInconsistentContinue } from './continue-token.js';

const prefix = '/registry/core/configmaps/c1/default/';
const b64 = (json: unknown): string => Buffer.from(JSON.stringify(json)).toString('base64url');

function rejection(token: string): string {
  try {
    decodeContinue(token, prefix);
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    expect((e as ApiError).status).to.include({ code: 400, reason: 'BadRequest' });
    return (e as ApiError).status.message!;
  }
  throw new Error(`token ${token} was accepted`);
}

describe('continue tokens', () => {
  it('encode the start key relative to the listed prefix, in the Kubernetes format', () => {
    const token = encodeContinue({ key: `${prefix}cm3`, revision: 42 }, prefix);
    expect(JSON.parse(Buffer.from(token, 'base64url').toString())).to.deep.equal({
      v: 'meta.k8s.io/v1',
      rv: 42,
      start: '/cm3',
    });
    expect(token).to.match(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinue(token, prefix)).to.deep.equal({ key: `${prefix}cm3`, revision: 42 });
  });

  it('decode tokens made by Kubernetes (start = last key + NUL, with or without a leading slash)', () => {
    expect(decodeContinue(b64({ v: 'meta.k8s.io/v1', rv: 7, start: '/cm2\u0000' }), prefix)).to.deep.equal({
      key: `${prefix}cm2\u0000`,
      revision: 7,
    });
    expect(decodeContinue(b64({ v: 'meta.k8s.io/v1', rv: -1, start: 'cm2\u0000' }), prefix)).to.deep.equal({
      key: `${prefix}cm2\u0000`,
      revision: -1,
    });
  });

  it('hand out a latest-revision token (rv -1) for an expired list', () => {
    const token = encodeInconsistentContinue(`${prefix}cm3`, prefix);
    expect(JSON.parse(Buffer.from(token, 'base64url').toString())).to.deep.equal({
      v: 'meta.k8s.io/v1',
      rv: -1,
      start: 'cm3',
    });
    expect(decodeContinue(token, prefix).revision).to.equal(-1);
  });

  it('reject bad tokens with the messages of k8s.io/apiserver', () => {
    const invalid = 'invalid continue token: continue key is not valid';
    expect(rejection('abc')).to.equal(`${invalid}: invalid character 'i' looking for beginning of value`);
    expect(rejection('abc!')).to.equal(`${invalid}: illegal base64 data at input byte 3`);
    expect(rejection(b64({ v: 'x', rv: 5, start: 'a' }))).to.equal(
      `${invalid}: server does not recognize this encoded version x`,
    );
    expect(rejection(b64({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }))).to.equal(
      `${invalid}: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`,
    );
    expect(rejection(b64({ v: 'meta.k8s.io/v1', rv: 5, start: '' }))).to.equal(
      `${invalid}: encoded start key empty (version meta.k8s.io/v1)`,
    );
    expect(rejection(b64({ v: 'meta.k8s.io/v1', rv: '5', start: 'a' }))).to.equal(
      `${invalid}: json: cannot unmarshal string into Go struct field continueToken.rv of type int64`,
    );
    expect(rejection(b64([1]))).to.equal(
      `${invalid}: json: cannot unmarshal array into Go value of type storage.continueToken`,
    );
  });

  it('reject start keys that could leave the listed prefix', () => {
    for (const start of ['/../x', '../x', 'a//b', '/a/./b', '/a/']) {
      expect(rejection(b64({ v: 'meta.k8s.io/v1', rv: 5, start }))).to.equal(
        `invalid continue token: continue key is not valid: ${start}`,
      );
    }
  });
});
