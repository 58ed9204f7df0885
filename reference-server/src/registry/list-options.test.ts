import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import { encodeContinue } from '../server/continue-token.js';
import { listExpired, parseListOptions, type ListRequest } from './list-options.js';

const prefix = '/registry/core/configmaps/c1/default/';
const parse = (query: string): ListRequest => parseListOptions(new URLSearchParams(query), prefix);

function failure(query: string): { code: number; reason?: string; message?: string } {
  try {
    parse(query);
  } catch (e) {
    expect(e).to.be.instanceOf(ApiError);
    return (e as ApiError).status;
  }
  throw new Error(`${query} was accepted`);
}

describe('list options', () => {
  it('reads the current state unless a version says otherwise', () => {
    expect(parse('')).to.deep.equal({ limit: 0, minRevision: 0, continued: false });
    expect(parse('limit=5')).to.deep.equal({ limit: 5, minRevision: 0, continued: false });
    expect(parse('limit=-3')).to.deep.equal({ limit: 0, minRevision: 0, continued: false });
  });

  it('picks the revision as k8s.io/apiserver does for each resourceVersion/resourceVersionMatch', () => {
    expect(parse('resourceVersion=9&resourceVersionMatch=Exact')).to.include({ revision: 9, limit: 0 });
    // Legacy: a limited list at a version resumes that snapshot; unlimited, it is a minimum.
    expect(parse('resourceVersion=9&limit=2')).to.include({ revision: 9, limit: 2 });
    expect(parse('resourceVersion=9')).to.deep.equal({ limit: 0, minRevision: 9, continued: false });
    expect(parse('resourceVersion=9&resourceVersionMatch=NotOlderThan&limit=2')).to.deep.equal({
      limit: 2,
      minRevision: 9,
      continued: false,
    });
    // "0" is served from the watch cache, which ignores limit.
    expect(parse('resourceVersion=0&limit=2')).to.deep.equal({ limit: 0, minRevision: 0, continued: false });
  });

  it('resumes a continue token at its revision and key', () => {
    const token = encodeContinue({ key: `${prefix}b`, revision: 12 }, prefix);
    expect(parse(`limit=2&continue=${token}`)).to.deep.equal({
      limit: 2,
      startKey: `${prefix}b`,
      revision: 12,
      minRevision: 0,
      continued: true,
    });
    expect(parse(`limit=2&continue=${token}&resourceVersion=0`)).to.include({ revision: 12 });
    expect(failure(`limit=2&continue=${token}&resourceVersion=12`)).to.include({
      code: 400,
      message: 'specifying resource version is not allowed when using continue',
    });
  });

  it('rejects invalid options with the codes and messages of kube-apiserver', () => {
    expect(failure('limit=abc')).to.include({
      code: 400,
      message: 'strconv.ParseInt: parsing "abc": invalid syntax',
    });
    expect(failure('limit=99999999999999999999')).to.include({
      code: 400,
      message: 'strconv.ParseInt: parsing "99999999999999999999": value out of range',
    });
    expect(failure('resourceVersion=x1')).to.include({
      code: 400,
      message:
        'invalid resource version: resourceVersion: Invalid value: "x1": strconv.ParseUint: parsing "x1": invalid syntax',
    });
    expect(failure('resourceVersionMatch=Exact')).to.include({
      code: 422,
      reason: 'Invalid',
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    });
    expect(failure('resourceVersion=0&resourceVersionMatch=Exact&sendInitialEvents=true').message).to.equal(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0", sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list]',
    );
  });

  it('words an expired list, and an expired continue with a latest-revision token', () => {
    const plain = listExpired(parse('resourceVersion=3&resourceVersionMatch=Exact'), prefix).status;
    expect(plain).to.include({
      code: 410,
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
    const token = encodeContinue({ key: `${prefix}b`, revision: 3 }, prefix);
    const continued = listExpired(parse(`continue=${token}`), prefix).status;
    expect(continued).to.include({ code: 410, reason: 'Expired' });
    expect(continued.message).to.match(
      /^The provided continue parameter is too old to display a consistent list result\./,
    );
    const next = JSON.parse(Buffer.from(continued.metadata.continue!, 'base64url').toString()) as unknown;
    expect(next).to.deep.equal({ v: 'meta.k8s.io/v1', rv: -1, start: 'b' });
  });
});
