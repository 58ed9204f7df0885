import { expect } from 'chai';
import { bindingUser } from './names.js';

// kcp-dev/kubernetes pkg/registry/rbac/validation/kcp.go PrefixUser, the identity a maximal
// permission policy is asked about.
describe('bindingUser', () => {
  it('prefixes the name and every group of a user', () => {
    expect(bindingUser({ name: 'alice', uid: 'u1', groups: ['team', 'system:authenticated'] })).to.deep.equal(
      {
        name: 'apis.kcp.io:binding:alice',
        uid: 'u1',
        groups: ['apis.kcp.io:binding:team', 'apis.kcp.io:binding:system:authenticated'],
      },
    );
  });

  it('names a service account by its home cluster', () => {
    const sa = {
      name: 'system:serviceaccount:ns:bot',
      uid: 'u2',
      groups: ['system:serviceaccounts', 'system:authenticated'],
      extra: { 'authentication.kcp.io/cluster-name': ['abc123'] },
    };
    expect(bindingUser(sa)).to.deep.equal({
      name: 'apis.kcp.io:binding:system:kcp:serviceaccount:abc123:ns:bot',
      uid: 'u2',
      groups: ['apis.kcp.io:binding:system:serviceaccounts', 'apis.kcp.io:binding:system:authenticated'],
    });
  });

  it('makes a service account without one home cluster anonymous', () => {
    const sa = { name: 'system:serviceaccount:ns:bot', uid: 'u3', groups: ['system:authenticated'] };
    expect(bindingUser(sa)).to.deep.equal({
      name: 'apis.kcp.io:binding:system:anonymous',
      uid: '',
      groups: ['apis.kcp.io:binding:system:authenticated'],
    });
    expect(bindingUser({ ...sa, groups: [] }).groups).to.deep.equal([
      'apis.kcp.io:binding:system:unauthenticated',
    ]);
  });
});
