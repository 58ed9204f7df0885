// ownerReferences validation, worded as kube-apiserver words it (checked against kcp).

import { expect } from 'chai';
import type { ApiError } from '../api/status.js';
import { gcFinalizerErrors, ownerReferenceErrors, splitAPIVersion } from './owner-references.js';

const details = (refs: unknown) =>
  ownerReferenceErrors(refs, 'metadata.ownerReferences').map((e) => `${e.field}: ${e.detail}`);

describe('owner references', () => {
  it('requires the coordinates of the owner', () => {
    expect(details([{ apiVersion: 'apps/', kind: 'Deployment', name: 'd', uid: '1' }])).to.deep.equal([
      'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
    ]);
    expect(details([{}])).to.have.length(4);
    expect(details([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: '1' }])).to.deep.equal([]);
  });

  it('refuses Events as owners and a second controller', () => {
    expect(details([{ uid: '1', name: 'e', kind: 'Event', apiVersion: 'v1' }])).to.deep.equal([
      'metadata.ownerReferences: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"1"}: /v1, Kind=Event is disallowed from being an owner',
    ]);
    const two = details([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: '1', controller: true },
      { apiVersion: 'v1', kind: 'Secret', name: 'b', uid: '2', controller: true, extra: 1 },
    ]);
    expect(two).to.deep.equal([
      'metadata.ownerReferences: Invalid value: [{"apiVersion":"v1","kind":"ConfigMap","name":"a","uid":"1","controller":true},{"apiVersion":"v1","kind":"Secret","name":"b","uid":"2","controller":true}]: Only one reference can have Controller set to true. Found "true" in references for ConfigMap/a and Secret/b',
    ]);
  });

  it('answers 400 for references Go cannot decode', () => {
    try {
      ownerReferenceErrors(
        [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: 7 }],
        'metadata.ownerReferences',
      );
      expect.fail('expected a decoding error');
    } catch (e) {
      expect((e as ApiError).code).to.equal(400);
      expect((e as ApiError).message).to.equal(
        'json: cannot unmarshal number into Go struct field OwnerReference.metadata.ownerReferences.uid of type types.UID',
      );
    }
  });

  it('splits apiVersions as ParseGroupVersion does, and keeps the GC finalizers exclusive', () => {
    expect(splitAPIVersion('v1')).to.deep.equal({ group: '', version: 'v1' });
    expect(splitAPIVersion('apps/v1')).to.deep.equal({ group: 'apps', version: 'v1' });
    expect(splitAPIVersion('a/b/c')).to.deep.equal({ group: '', version: '' });
    expect(gcFinalizerErrors(['orphan', 'foregroundDeletion'], 'metadata.finalizers')).to.have.length(1);
    expect(gcFinalizerErrors(['orphan'], 'metadata.finalizers')).to.deep.equal([]);
  });
});
