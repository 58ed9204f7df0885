import { expect } from 'chai';
import { qualifiedKeyErrors } from './validation.js';

// Messages as kcp (Kubernetes 1.36) answers them for label keys, probed with curl.
describe('label keys (qualified names)', () => {
  it('accepts names with an optional DNS subdomain prefix', () => {
    expect(qualifiedKeyErrors('app')).to.deep.equal([]);
    expect(qualifiedKeyErrors('example.com/app_1.x')).to.deep.equal([]);
  });

  it('words errors as Kubernetes 1.36 does', () => {
    expect(qualifiedKeyErrors('a'.repeat(64))).to.deep.equal(['name part must be no more than 63 bytes']);
    expect(qualifiedKeyErrors('/x')).to.deep.equal(['prefix part must be non-empty']);
    expect(qualifiedKeyErrors('a/b/c')[0]).to.match(
      /^a valid label key must consist of alphanumeric characters/,
    );
    expect(qualifiedKeyErrors('')).to.deep.equal([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
  });
});
