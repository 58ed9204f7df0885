import { expect } from 'chai';
import {
  appliedClaimsOf,
  claimLabelKey,
  claimLabelValue,
  claimStatus,
  relabel,
  type AppliedClaim,
} from './permission-claims.js';
import type { APIBinding } from './types.js';

describe('permission claims', () => {
  it("labels as kcp does (kcp's labels_test.go vectors, and labels seen on kcp v0.32)", () => {
    expect(claimLabelKey('root', 'tenancy.kcp.io')).to.equal(
      'claimed.internal.apis.kcp.io/bmCdly9xXiUpEHe3ypvDwvXMTfoVZUE92mqAQf',
    );
    expect(claimLabelValue({ group: '', resource: 'configmaps' })).to.equal(
      '3QVjs6pfBjMpLEVYYhysJnroYGsQGlWm05E4qe',
    );
    expect(claimLabelKey('1ggoryuk2pzviggu', 'widgets')).to.equal(
      'claimed.internal.apis.kcp.io/9Kv1nwFnRwdSedzI2rBKXqaghLbr7WTGxRhFzt',
    );
  });

  const binding = (claims: unknown[], exported: unknown[], applied?: unknown[]): APIBinding => ({
    metadata: { name: 'b' },
    spec: { reference: { export: { path: 'root:p', name: 'e' } }, permissionClaims: claims },
    status: {
      apiExportClusterName: 'pc',
      exportPermissionClaims: exported as never,
      ...(applied ? { appliedPermissionClaims: applied } : {}),
    },
  });
  const cm = { group: '', resource: 'configmaps', verbs: ['get', 'list'] };

  it('applies accepted claims the export still makes, from the spec or as recorded in status', () => {
    const accepted = { ...cm, state: 'Accepted', selector: { matchAll: true } };
    const rejected = {
      group: '',
      resource: 'secrets',
      verbs: ['get'],
      state: 'Rejected',
      selector: { matchAll: true },
    };
    const b = binding([accepted, rejected], [cm, { group: '', resource: 'secrets', verbs: ['get'] }]);
    expect(appliedClaimsOf(b).map((c) => c.resource)).to.deep.equal(['configmaps']);
    expect(appliedClaimsOf(binding([accepted], []))).to.deep.equal([]);
    expect(
      appliedClaimsOf(binding([], [cm], [accepted])).map((c) => c.resource),
      'recorded',
    ).to.deep.equal([]);
    expect(appliedClaimsOf(binding([], [cm], [accepted]), true).map((c) => c.resource)).to.deep.equal([
      'configmaps',
    ]);
  });

  it('relabels by selector and drops stale claim labels; unchanged labels give undefined', () => {
    const claim: AppliedClaim = {
      ...cm,
      selector: { matchLabels: { share: 'yes' } },
      labelKey: 'claimed.internal.apis.kcp.io/k',
      labelValue: 'v',
    };
    expect(relabel([claim], { group: '', resource: 'configmaps' }, { share: 'yes' })).to.deep.equal({
      share: 'yes',
      'claimed.internal.apis.kcp.io/k': 'v',
    });
    expect(
      relabel(
        [claim],
        { group: '', resource: 'configmaps' },
        { share: 'no', 'claimed.internal.apis.kcp.io/k': 'v' },
      ),
    ).to.deep.equal({
      share: 'no',
    });
    expect(relabel([claim], { group: '', resource: 'secrets' }, { share: 'yes' })).to.equal(undefined);
    expect(
      relabel(
        [claim],
        { group: '', resource: 'configmaps' },
        { share: 'yes', 'claimed.internal.apis.kcp.io/k': 'v' },
      ),
    ).to.equal(undefined);
  });

  it('reports unexpected claims and verb mismatches in kcp words', () => {
    const secrets = {
      group: '',
      resource: 'secrets',
      verbs: ['get'],
      state: 'Accepted',
      selector: { matchAll: true },
    };
    expect(claimStatus(binding([secrets], []), []).valid).to.deep.equal({
      status: 'False',
      reason: 'InvalidPermissionClaims',
      severity: 'Error',
      message:
        '1 unexpected and/or invalid permission claims (showing first 1): unexpected/invalid claim for secrets. (identity "")',
    });
    const more = { ...cm, verbs: ['get', 'list', 'delete'], state: 'Accepted', selector: { matchAll: true } };
    const status = claimStatus(binding([more], [cm]), [cm]);
    expect(status.valid).to.include({
      status: 'False',
      reason: 'PermissionClaimsMismatch',
      severity: 'Warning',
    });
    expect(status.appliedPermissionClaims).to.deep.equal([
      {
        group: '',
        identityHash: '',
        resource: 'configmaps',
        selector: { matchAll: true },
        verbs: ['get', 'list', 'delete'],
      },
    ]);
    expect(status.exportPermissionClaims).to.deep.equal([
      { group: '', identityHash: '', resource: 'configmaps', verbs: ['get', 'list'] },
    ]);
  });
});
