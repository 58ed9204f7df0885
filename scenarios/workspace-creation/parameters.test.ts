import { expect } from 'chai';
import { UsageError } from '../framework/options.js';
import { resolveParameters, treeSize } from './parameters.js';
import { flatPlan, flatten, treePlan } from './plan.js';

describe('workspace-creation parameters', () => {
  it('defaults to 100 workspaces, closed loop with 16 in flight', () => {
    const parameters = resolveParameters({});
    expect(parameters).to.include({ count: 100, concurrency: 16, keep: false });
    expect(parameters.rate).to.equal(undefined);
  });

  it('open loop has a rate and no concurrency', () => {
    const parameters = resolveParameters({ count: 10, rate: 2.5 });
    expect(parameters.rate).to.equal(2.5);
    expect(parameters.concurrency).to.equal(undefined);
  });

  it('a tree of depth D and fanout F has F + F² + … + F^D workspaces', () => {
    expect(treeSize(3, 10)).to.equal(1110);
    expect(resolveParameters({ depth: 2, fanout: 3 }).count).to.equal(12);
  });

  it('refuses contradictions', () => {
    for (const input of [
      { rate: 1, concurrency: 2 },
      { depth: 2 },
      { depth: 2, fanout: 2, count: 5 },
      { depth: 2, fanout: 2, rate: 1 },
      { count: 0 },
    ]) {
      expect(() => resolveParameters(input), JSON.stringify(input)).to.throw(UsageError);
    }
  });
});

describe('workspace-creation plan', () => {
  it('numbers a flat plan so a later step continues where one ended', () => {
    expect(flatPlan(2, 4).map((node) => node.segments)).to.deep.equal([['ws-2'], ['ws-3']]);
  });

  it('lists a tree parents first, each path below its parent', () => {
    const all = flatten(treePlan(2, 2));
    expect(all.map((node) => node.segments.join(':'))).to.deep.equal([
      't-0',
      't-1',
      't-0:t-0',
      't-0:t-1',
      't-1:t-0',
      't-1:t-1',
    ]);
  });
});
