import { expect } from 'chai';
import { escapeCELName, propertyForCELName } from './cel-names.js';

describe('CEL property name escaping (as Kubernetes escapes them)', () => {
  it('escapes reserved words and the characters CEL identifiers cannot hold', () => {
    expect(escapeCELName('namespace')).to.equal('__namespace__');
    expect(escapeCELName('name')).to.equal('name');
    expect(escapeCELName('a.b-c/d')).to.equal('a__dot__b__dash__c__slash__d');
    expect(escapeCELName('x__y')).to.equal('x__underscores__y');
  });

  it('finds the declared property an escaped field name refers to', () => {
    const props = { namespace: 1, name: 2, 'dashed-name': 3 };
    expect(propertyForCELName(props, '__namespace__')).to.equal(1);
    expect(propertyForCELName(props, 'namespace')).to.equal(undefined);
    expect(propertyForCELName(props, 'name')).to.equal(2);
    expect(propertyForCELName(props, 'dashed__dash__name')).to.equal(3);
  });
});
