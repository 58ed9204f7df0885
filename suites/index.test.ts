import { expect } from 'chai';
import { validateTests } from './framework/conformance-test.js';
import { ALL_FEATURES } from './framework/features.js';
import { allTests } from './index.js';

describe('suite index', () => {
  it('declares every test correctly (ids, RFC 2119 level, sources)', () => {
    expect(validateTests(allTests)).to.deep.equal([]);
  });

  it('only uses known features', () => {
    for (const test of allTests) expect(ALL_FEATURES, test.id).to.include.members([...test.features]);
  });
});
