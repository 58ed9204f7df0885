import { expect } from 'chai';
import {
  describeSkipped,
  formatLocks,
  groupResourceKey,
  lockForBinding,
  parseLocks,
} from './resource-locks.js';

describe('resource locks (internal.apis.kcp.io/resource-bindings)', () => {
  it('gives a free group-resource to the first binding and keeps it there', () => {
    const first = lockForBinding({}, 'cowboys', ['cowboys.wildwest.dev'], new Set(['cowboys']));
    expect(first.skipped.size).to.equal(0);
    expect(formatLocks(first.locks)).to.equal('{"cowboys.wildwest.dev":{"n":"cowboys"}}');
    const again = lockForBinding(first.locks, 'cowboys', ['cowboys.wildwest.dev'], new Set(['cowboys']));
    expect(again.skipped.size).to.equal(0);
  });

  it('skips what another binding or a CRD holds, and says so as kcp prints it', () => {
    const held = parseLocks('{"cowboys.wildwest.dev":{"n":"cowboys"},"sheriffs.wildwest.dev":{"c":true}}');
    const second = lockForBinding(
      held,
      'cowboys2',
      ['cowboys.wildwest.dev', 'sheriffs.wildwest.dev'],
      new Set(['cowboys', 'cowboys2']),
    );
    expect([...second.skipped.keys()]).to.deep.equal(['cowboys.wildwest.dev', 'sheriffs.wildwest.dev']);
    expect(describeSkipped(second.skipped)).to.equal(
      'map[cowboys.wildwest.dev:{cowboys false} sheriffs.wildwest.dev:{ true}]',
    );
  });

  it('releases the locks of deleted bindings', () => {
    const result = lockForBinding({ 'a.b.io': { n: 'gone' } }, 'new', ['a.b.io'], new Set(['new']));
    expect(result.skipped.size).to.equal(0);
    expect(result.locks).to.deep.equal({ 'a.b.io': { n: 'new' } });
  });

  it('reads a missing or broken annotation as no locks; core resources have no group suffix', () => {
    expect(parseLocks(undefined)).to.deep.equal({});
    expect(parseLocks('not json')).to.deep.equal({});
    expect(groupResourceKey('', 'configmaps')).to.equal('configmaps');
  });
});
