import { expect } from 'chai';
import { authenticatedGroup, withAuthenticatedGroup } from './user.js';

describe('authenticated users', () => {
  it("join system:authenticated and lose the lifecycle virtual workspaces' groups, which only those grant", () => {
    const user = withAuthenticatedGroup({
      name: 'alice',
      uid: '1',
      groups: ['team', 'system:kcp:initializer:root:t', 'system:kcp:terminator:root:t'],
    });
    expect(user.groups).to.deep.equal(['team', authenticatedGroup]);
  });
});
