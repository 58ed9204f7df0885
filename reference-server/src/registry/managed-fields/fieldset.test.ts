import { expect } from 'chai';
import {
  difference,
  emptySet,
  fieldElement,
  fromFieldsV1,
  FieldsV1Error,
  insert,
  intersection,
  keyElement,
  members,
  pathString,
  recursiveDifference,
  toFieldsV1,
  union,
  valueElement,
} from './fieldset.js';

const f = fieldElement;

describe('managed-fields/fieldset', () => {
  it('round-trips fieldsV1, writing "." for members with children and sorting elements', () => {
    const doc = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } },
      'f:spec': {
        'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } },
        'f:tags': { 'v:"x"': {} },
      },
    };
    expect(toFieldsV1(fromFieldsV1(doc))).to.deep.equal(doc);
    const set = emptySet();
    insert(set, [f('z')]);
    insert(set, [f('a'), 'i:10']);
    insert(set, [f('a'), 'i:9']);
    insert(set, [f('a'), f('b')]);
    expect(Object.keys(toFieldsV1(set))).to.deep.equal(['f:a', 'f:z']);
    expect(Object.keys(toFieldsV1(set)['f:a']!)).to.deep.equal(['f:b', 'i:9', 'i:10']);
  });

  it('refuses malformed path elements', () => {
    expect(() => fromFieldsV1({ 'x:foo': {} })).to.throw(FieldsV1Error);
    expect(() => fromFieldsV1({ 'k:[1]': {} })).to.throw(FieldsV1Error);
    expect(() => fromFieldsV1([])).to.throw(FieldsV1Error);
  });

  it('prints paths as kube does in conflicts', () => {
    expect(pathString([f('data'), f('x')])).to.equal('.data.x');
    expect(pathString([f('spec'), keyElement({ name: 'app', port: 80 }), f('image')])).to.equal(
      '.spec[name="app",port=80].image',
    );
    expect(pathString([f('finalizers'), valueElement('a')])).to.equal('.finalizers[="a"]');
  });

  it('computes union, difference, recursive difference and intersection on members', () => {
    const a = fromFieldsV1({ 'f:data': { '.': {}, 'f:x': {}, 'f:y': {} } });
    const b = fromFieldsV1({ 'f:data': { 'f:y': {}, 'f:z': {} } });
    expect(toFieldsV1(union(a, b))).to.deep.equal({ 'f:data': { '.': {}, 'f:x': {}, 'f:y': {}, 'f:z': {} } });
    expect(toFieldsV1(difference(a, b))).to.deep.equal({ 'f:data': { '.': {}, 'f:x': {} } });
    expect(toFieldsV1(intersection(a, b))).to.deep.equal({ 'f:data': { 'f:y': {} } });
    const parent = fromFieldsV1({ 'f:data': {} });
    expect(toFieldsV1(difference(a, parent))).to.deep.equal({ 'f:data': { 'f:x': {}, 'f:y': {} } });
    expect(toFieldsV1(recursiveDifference(a, parent))).to.deep.equal({});
    expect(members(b).map(pathString)).to.deep.equal(['.data.y', '.data.z']);
  });
});
