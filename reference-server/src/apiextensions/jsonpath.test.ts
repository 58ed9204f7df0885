import { expect } from 'chai';
import { evaluateJSONPath, parseJSONPath, setJSONPath } from './jsonpath.js';

describe('CRD JSONPath subset', () => {
  const obj = {
    spec: { replicas: 3, 'a.b': 'dotted', list: ['x', 'y'] },
    status: {
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'Synced', status: 'False' },
      ],
    },
  };

  it('reads fields, indexes, quoted keys and equality filters', () => {
    expect(evaluateJSONPath(obj, '.spec.replicas')).to.equal(3);
    expect(evaluateJSONPath(obj, '.spec.list[1]')).to.equal('y');
    expect(evaluateJSONPath(obj, ".spec['a.b']")).to.equal('dotted');
    expect(evaluateJSONPath(obj, '.status.conditions[?(@.type=="Synced")].status')).to.equal('False');
    expect(evaluateJSONPath(obj, '{.spec.replicas}')).to.equal(3);
  });

  it('yields undefined for missing values and invalid paths', () => {
    expect(evaluateJSONPath(obj, '.spec.nothing.deeper')).to.equal(undefined);
    expect(evaluateJSONPath(obj, 'spec')).to.equal(undefined);
    expect(parseJSONPath('.a[')).to.equal(undefined);
  });

  it('sets dotted paths, creating objects on the way', () => {
    const target: Record<string, unknown> = {};
    expect(setJSONPath(target, '.spec.scale.replicas', 4)).to.equal(true);
    expect(target).to.deep.equal({ spec: { scale: { replicas: 4 } } });
    expect(setJSONPath(target, '.spec.list[0]', 1)).to.equal(false);
  });
});
