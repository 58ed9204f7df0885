import { expect } from 'chai';
import { isWorkspaceName } from './cluster-paths.js';
import { runWorkspaceName, testNamespaceName, testWorkspaceName, uniqueName } from './names.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('names', () => {
  it('names a test namespace kh-<short id>-<random5>', () => {
    expect(testNamespaceName('api-machinery/configmap-crud')).to.match(/^kh-configmap-crud-[a-z0-9]{5}$/);
  });

  it('keeps long and odd ids within a DNS-1123 label', () => {
    const name = testNamespaceName(`area/${'Very_Long.Name'.repeat(10)}`);
    expect(name.length).to.be.at.most(63);
    expect(name).to.match(DNS1123_LABEL);
    expect(uniqueName('--')).to.match(DNS1123_LABEL);
  });

  it('names workspaces validly: kh-run-<run id> and kh-<short id>-<random5>', () => {
    expect(runWorkspaceName('mwq8hdcg-ydu9v')).to.equal('kh-run-mwq8hdcg-ydu9v');
    expect(() => runWorkspaceName('Not_Valid')).to.throw(/does not fit/);
    const name = testWorkspaceName(`logical-cluster-isolation/${'very-long-behaviour-name'.repeat(4)}`);
    expect(name).to.match(/^kh-very-long-behaviour-name/);
    expect(name.length).to.be.at.most(63);
    expect(isWorkspaceName(name), name).to.equal(true);
    expect(isWorkspaceName(testWorkspaceName('workspaces/a--b__c'))).to.equal(true);
  });

  it('does not repeat', () => {
    const names = new Set(Array.from({ length: 200 }, () => uniqueName('x')));
    expect(names.size).to.be.greaterThan(195);
  });
});
