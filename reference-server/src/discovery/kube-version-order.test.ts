import { expect } from 'chai';
import { compareKubeVersions } from './kube-version-order.js';

describe('compareKubeVersions', () => {
  it('orders GA, then beta, then alpha, higher numbers first, other names last', () => {
    const shuffled = [
      'foo10',
      'v1',
      'v3beta1',
      'v11alpha2',
      'v2',
      'foo1',
      'v10beta3',
      'v12alpha1',
      'v10',
      'v11beta2',
    ];
    expect([...shuffled].sort(compareKubeVersions)).to.deep.equal([
      'v10',
      'v2',
      'v1',
      'v11beta2',
      'v10beta3',
      'v3beta1',
      'v12alpha1',
      'v11alpha2',
      'foo1',
      'foo10',
    ]);
  });

  it('treats versions with a leading zero as non-Kubernetes names', () => {
    expect(['v01', 'v1'].sort(compareKubeVersions)).to.deep.equal(['v1', 'v01']);
  });
});
