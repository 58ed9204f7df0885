import { expect } from 'chai';
import {
  clusterOf,
  clusterUrl,
  isClusterPath,
  isWithin,
  isWorkspaceName,
  joinPath,
  serverOf,
  splitPath,
} from './cluster-paths.js';

describe('cluster paths', () => {
  it('accepts workspace names by the Workspace name pattern', () => {
    for (const name of ['a', 'root', 'kh-run-abc', '0a', 'a'.repeat(63)]) {
      expect(isWorkspaceName(name), name).to.equal(true);
    }
    for (const name of ['', 'Bad_Name', '-a', 'a-', 'a.b', 'a:b', 'a'.repeat(64)]) {
      expect(isWorkspaceName(name), name).to.equal(false);
    }
  });

  it('accepts colon paths and system: cluster names', () => {
    expect(isClusterPath('root')).to.equal(true);
    expect(isClusterPath('root:org:team')).to.equal(true);
    expect(isClusterPath('2x7ukqvbklfm3gdw:child')).to.equal(true);
    expect(isClusterPath('system:admin')).to.equal(true);
    expect(isClusterPath('root::x')).to.equal(false);
    expect(isClusterPath(':root')).to.equal(false);
  });

  it('joins and splits paths', () => {
    expect(joinPath('root:kh-run-x', 'kh-test-y')).to.equal('root:kh-run-x:kh-test-y');
    expect(() => joinPath('root', 'Bad_Name')).to.throw(/not a workspace name/);
    expect(() => joinPath('', 'a')).to.throw(/not a workspace path/);
    expect(splitPath('root:org:team')).to.deep.equal({ parent: 'root:org', name: 'team' });
    expect(splitPath('root')).to.deep.equal({ parent: undefined, name: 'root' });
    expect(splitPath('system:admin')).to.deep.equal({ parent: undefined, name: 'system:admin' });
  });

  it('reads the server and the cluster out of a base URL', () => {
    expect(serverOf('https://h:6443/clusters/root:org')).to.equal('https://h:6443');
    expect(serverOf('https://h:6443/')).to.equal('https://h:6443');
    expect(serverOf('https://h/prefix/clusters/root/')).to.equal('https://h/prefix');
    expect(clusterOf('https://h:6443/clusters/root:org')).to.equal('root:org');
    expect(clusterOf('https://h:6443')).to.equal(undefined);
    expect(clusterUrl('https://h:6443/', '*')).to.equal('https://h:6443/clusters/*');
  });

  it('tells whether a path lies within another', () => {
    expect(isWithin('root:a:b', 'root:a')).to.equal(true);
    expect(isWithin('root:a', 'root:a')).to.equal(true);
    expect(isWithin('root:ab', 'root:a')).to.equal(false);
    expect(isWithin('root', 'root:a')).to.equal(false);
  });
});
