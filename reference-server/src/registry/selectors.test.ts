import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';

const match = (sel: string, labels: Record<string, string>) => matchesLabels(parseLabelSelector(sel), labels);

describe('label selectors', () => {
  it('supports equality, inequality, set and existence operators', () => {
    const l = { app: 'web', tier: 'front', n: '5' };
    expect(match('app=web', l)).to.equal(true);
    expect(match('app==web', l)).to.equal(true);
    expect(match('app!=web', l)).to.equal(false);
    expect(match('app!=db', l)).to.equal(true);
    expect(match('missing!=x', l)).to.equal(true);
    expect(match('app in (db, web)', l)).to.equal(true);
    expect(match('app notin (db,web)', l)).to.equal(false);
    expect(match('tier', l)).to.equal(true);
    expect(match('!tier', l)).to.equal(false);
    expect(match('!missing', l)).to.equal(true);
    expect(match('n>3,n<6', l)).to.equal(true);
    expect(match('app=web,tier=back', l)).to.equal(false);
    expect(match('', l)).to.equal(true);
  });

  it('rejects bad syntax with 400', () => {
    for (const s of ['app in ()', 'a=b,,c', 'n>x', '=x']) {
      expect(() => parseLabelSelector(s), s)
        .to.throw(ApiError)
        .with.property('code', 400);
    }
  });
});

describe('field selectors', () => {
  it('matches only allowed fields', () => {
    const reqs = parseFieldSelector('metadata.name=a,metadata.namespace!=b', [
      'metadata.name',
      'metadata.namespace',
    ]);
    expect(matchesFields(reqs, { 'metadata.name': 'a', 'metadata.namespace': 'c' })).to.equal(true);
    expect(matchesFields(reqs, { 'metadata.name': 'a', 'metadata.namespace': 'b' })).to.equal(false);
    expect(() => parseFieldSelector('spec.x=1', ['metadata.name']))
      .to.throw(ApiError)
      .with.property('code', 400);
  });
});
