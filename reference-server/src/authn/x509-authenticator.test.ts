// The user a verified client certificate stands for.

import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { userFromCertificate, userUIDOid } from './x509-authenticator.js';

describe('x509 user conversion', () => {
  const raw = Buffer.from('der bytes');

  it('takes CN as the name, every O as a group, the UID attribute and the SHA-256 as credential id', () => {
    const sha256 = createHash('sha256').update(raw).digest('hex');
    expect(userFromCertificate({ CN: 'alice', O: ['devs', 'ops'], [userUIDOid]: 'u-1' }, raw)).to.deep.equal({
      user: {
        name: 'alice',
        uid: 'u-1',
        groups: ['devs', 'ops'],
        extra: { 'authentication.kubernetes.io/credential-id': [`X509SHA256=${sha256}`] },
      },
    });
  });

  it('keeps the last CN, a single O, and no uid', () => {
    const r = userFromCertificate({ CN: ['first', 'last'], O: 'solo' }, raw);
    expect(r).to.have.nested.property('user.name', 'last');
    expect(r).to.have.deep.nested.property('user.groups', ['solo']);
    expect(r).to.have.nested.property('user.uid', '');
  });

  it('is no credential without a CN, and a failure with two UIDs', () => {
    expect(userFromCertificate({ O: 'g' }, raw)).to.equal(undefined);
    expect(userFromCertificate({ CN: 'a', [userUIDOid]: ['1', '2'] }, raw)).to.deep.equal({
      failed: 'expected 1 UID, but found multiple',
    });
  });
});
