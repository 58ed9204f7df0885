import { expect } from 'chai';
import { expectCause, type Status } from './kube.js';

// Causes as kube-apiserver 1.34 and 1.37 report an empty ownerReferences[].kind.
const v134: Status = {
  details: {
    causes: [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "": must not be empty',
        field: 'metadata.ownerReferences.kind',
      },
    ],
  },
};
const v137: Status = {
  details: {
    causes: [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: must not be empty',
        field: 'metadata.ownerReferences[0].kind',
      },
    ],
  },
};

describe('expectCause', () => {
  it('matches field and one of several types, and a fragment of the message', () => {
    const match = {
      field: /^metadata\.ownerReferences(\[0\])?\.kind$/,
      type: ['FieldValueRequired', 'FieldValueInvalid'],
      fragment: 'must not be empty',
    };
    expect(expectCause(v134, match).field).to.equal('metadata.ownerReferences.kind');
    expect(expectCause(v137, match).field).to.equal('metadata.ownerReferences[0].kind');
  });

  it('fails on another field, another type or a missing fragment', () => {
    expect(() => expectCause(v134, { field: 'metadata.name', type: 'FieldValueInvalid' })).to.throw(
      /a cause metadata.name of type FieldValueInvalid/,
    );
    expect(() =>
      expectCause(v137, { field: 'metadata.ownerReferences[0].kind', type: 'FieldValueInvalid' }),
    ).to.throw();
    expect(() =>
      expectCause(v137, {
        field: 'metadata.ownerReferences[0].kind',
        type: 'FieldValueRequired',
        fragment: 'nope',
      }),
    ).to.throw(/message of/);
    expect(() => expectCause({}, { type: 'ResourceVersionTooLarge' })).to.throw();
  });

  it('matches any field when none is given', () => {
    const status: Status = {
      details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] },
    };
    expect(expectCause(status, { type: 'ResourceVersionTooLarge' }).message).to.equal(
      'Too large resource version',
    );
  });
});
