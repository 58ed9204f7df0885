import { expect } from 'chai';
import { jsonTooDeep, maxJSONDepth } from './json-depth.js';

describe('jsonTooDeep', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonTooDeep('[[[1]]]', 3)).to.equal(false);
    expect(jsonTooDeep('[[[[1]]]]', 3)).to.equal(true);
    expect(jsonTooDeep('{"a":{"b":{"c":{}}}}', 3)).to.equal(true);
    expect(jsonTooDeep('{"a":"[[[[[[\\"[[[["}', 1)).to.equal(false);
    expect(jsonTooDeep('[1],[2],[3]', 1)).to.equal(false);
  });

  it('allows 1000 levels and refuses one more', () => {
    expect(jsonTooDeep(`${'['.repeat(1000)}${']'.repeat(1000)}`)).to.equal(false);
    expect(jsonTooDeep(`${'['.repeat(1001)}${']'.repeat(1001)}`)).to.equal(true);
  });

  it('lets through what Node can still clone and walk', () => {
    let v: unknown = 1;
    for (let i = 0; i < maxJSONDepth; i++) v = { a: v };
    expect(() => structuredClone(v)).to.not.throw();
    expect(() => JSON.parse(JSON.stringify(v)) as unknown).to.not.throw();
  });
});
