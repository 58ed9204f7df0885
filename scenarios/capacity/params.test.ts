import { expect } from 'chai';
import { UsageError } from '../framework/options.js';
import { parseCapacity } from './params.js';

describe('capacity parameters', () => {
  it('requires --slo-p99-ms and fills in the rest', () => {
    expect(() => parseCapacity({})).to.throw(UsageError, /--slo-p99-ms/);
    expect(parseCapacity({ sloP99Ms: 2000 })).to.deep.equal({
      sloP99Ms: 2000,
      startRate: 1,
      maxRate: 64,
      probeCount: 50,
      bisectSteps: 3,
    });
  });

  it('refuses a maximum below the start rate', () => {
    expect(() => parseCapacity({ sloP99Ms: 1, startRate: 10, maxRate: 5 })).to.throw(
      UsageError,
      /--max-rate/,
    );
  });
});
