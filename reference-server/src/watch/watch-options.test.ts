import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import { parseWatchStart, queryBool } from './watch-options.js';

const parse = (query: string) => parseWatchStart(new URLSearchParams(query));

/** The Status of the ApiError `fn` throws. */
function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    return (e as ApiError).status;
  }
  throw new Error('expected an ApiError');
}

describe('watch options', () => {
  it('converts boolean parameters as Kubernetes does', () => {
    const q = new URLSearchParams('a=false&b=0&c=FALSE&d=true&e=&f=yes');
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => queryBool(q, name))).to.deep.equal([
      false,
      false,
      false,
      true,
      true,
      true,
      undefined,
    ]);
  });

  it('defaults a watch from "" or "0" to initial events', () => {
    expect(parse('')).to.deep.equal({ initialEvents: true, revision: 0, bookmarks: false });
    expect(parse('resourceVersion=0&allowWatchBookmarks=true')).to.deep.equal({
      initialEvents: true,
      revision: 0,
      bookmarks: true,
    });
  });

  it('resumes after a given resourceVersion without initial events', () => {
    expect(parse('resourceVersion=42')).to.deep.equal({
      initialEvents: false,
      revision: 42,
      bookmarks: false,
    });
  });

  it('takes sendInitialEvents with NotOlderThan and a resourceVersion as the minimum freshness', () => {
    expect(
      parse(
        'sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=7&allowWatchBookmarks=1',
      ),
    ).to.deep.equal({ initialEvents: true, revision: 7, bookmarks: true });
  });

  it('starts now for sendInitialEvents=false with no resourceVersion', () => {
    expect(parse('sendInitialEvents=false&resourceVersionMatch=NotOlderThan')).to.deep.equal({
      initialEvents: false,
      revision: undefined,
      bookmarks: false,
    });
  });

  it('answers sendInitialEvents without resourceVersionMatch=NotOlderThan with 422 Invalid ListOptions', () => {
    const status = statusOf(() => parse('sendInitialEvents=true'));
    expect(status).to.include({ code: 422, reason: 'Invalid' });
    expect(status.message).to.equal(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires ' +
        'setting resourceVersionMatch to NotOlderThan',
    );
    expect(status.details).to.include({ group: 'meta.k8s.io', kind: 'ListOptions' });
    expect(status.details?.causes).to.deep.equal([
      {
        reason: 'FieldValueForbidden',
        message: 'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        field: 'resourceVersionMatch',
      },
    ]);
  });

  it('lists both errors for resourceVersionMatch=Exact', () => {
    const status = statusOf(() => parse('sendInitialEvents=true&resourceVersionMatch=Exact'));
    expect(status.details?.causes?.map((c) => c.reason)).to.deep.equal([
      'FieldValueForbidden',
      'FieldValueNotSupported',
    ]);
    expect(status.message).to.contain('Unsupported value: "Exact": supported values: "NotOlderThan"');
  });

  it('forbids resourceVersionMatch without sendInitialEvents, and with continue', () => {
    expect(statusOf(() => parse('resourceVersionMatch=NotOlderThan')).message).to.contain(
      'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    );
    expect(
      statusOf(() => parse('sendInitialEvents=true&resourceVersionMatch=NotOlderThan&continue=abc')).message,
    ).to.contain('resourceVersionMatch is forbidden when continue is provided');
  });

  it('answers a malformed resourceVersion with 400, never 500', () => {
    expect(statusOf(() => parse('resourceVersion=abc')).code).to.equal(400);
  });
});
