// DeleteOptions parsing and the finalizers a delete hands to the garbage collector.

import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import { parseDeleteOptions, requestedPolicy } from './delete-options.js';
import { finalizersOnDelete } from './gc-finalizers.js';

function failure(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    return { code: (e as ApiError).code, message: (e as ApiError).status.message ?? '' };
  }
  throw new Error('expected a failure');
}

describe('delete options', () => {
  const q = (s: string) => new URLSearchParams(s);

  it('reads the query when there is no body, and only the body when there is one', () => {
    expect(parseDeleteOptions(q('propagationPolicy=Orphan&dryRun=All&gracePeriodSeconds=-5'))).to.deep.equal({
      propagationPolicy: 'Orphan',
      gracePeriodSeconds: 1,
      dryRun: true,
    });
    expect(
      parseDeleteOptions(q('dryRun=All&propagationPolicy=Bogus'), { propagationPolicy: 'Foreground' }),
    ).to.deep.equal({
      propagationPolicy: 'Foreground',
    });
    expect(parseDeleteOptions(q('orphanDependents=yes')).orphanDependents).to.equal(true);
    expect(parseDeleteOptions(q('orphanDependents=FALSE')).orphanDependents).to.equal(false);
  });

  it('refuses bad values as kube does', () => {
    expect(failure(() => parseDeleteOptions(q('propagationPolicy=')))).to.deep.equal({
      code: 422,
      message:
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "": supported values: "Foreground", "Background", "Orphan", "nil"',
    });
    expect(
      failure(() => parseDeleteOptions(q(''), { orphanDependents: true, propagationPolicy: 'Orphan' })).code,
    ).to.equal(422);
    expect(failure(() => parseDeleteOptions(q('gracePeriodSeconds=1.5')))).to.deep.equal({
      code: 400,
      message: 'strconv.ParseInt: parsing "1.5": invalid syntax',
    });
    expect(failure(() => parseDeleteOptions(q(''), { preconditions: { uid: 5 } })).message).to.equal(
      'json: cannot unmarshal number into Go struct field Preconditions.preconditions.uid of type types.UID',
    );
    expect(failure(() => parseDeleteOptions(q(''), { dryRun: ['All', 5] })).message).to.equal(
      'json: cannot unmarshal number into Go struct field DeleteOptions.dryRun of type string',
    );
  });

  it('sets the GC finalizers the policy asks for, replacing the other one', () => {
    expect(finalizersOnDelete(['a'], {})).to.deep.equal(['a']);
    expect(finalizersOnDelete(['orphan'], {})).to.deep.equal(['orphan']);
    expect(finalizersOnDelete(['a', 'orphan'], { propagationPolicy: 'Foreground' })).to.deep.equal([
      'a',
      'foregroundDeletion',
    ]);
    expect(finalizersOnDelete(['foregroundDeletion'], { propagationPolicy: 'Background' })).to.deep.equal([]);
    expect(finalizersOnDelete([], { orphanDependents: true })).to.deep.equal(['orphan']);
    expect(requestedPolicy({ orphanDependents: false })).to.equal('Background');
    expect(finalizersOnDelete(['a'], {}, 'OrphanDependents')).to.deep.equal(['a', 'orphan']);
    expect(finalizersOnDelete(['foregroundDeletion'], {}, 'OrphanDependents')).to.deep.equal([
      'foregroundDeletion',
    ]);
    expect(
      finalizersOnDelete(['a', 'orphan'], { propagationPolicy: 'Foreground' }, 'Unsupported'),
    ).to.deep.equal(['a']);
  });
});
