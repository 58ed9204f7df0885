// Expected causes were probed on real kcp (v0.32 build, Kubernetes 1.36) on 2026-11-21 with
// Gadgets (schema in testdata.ts) in root:h1-schema: POST for creates, PUT for the update case.

import { expect } from 'chai';
import type { FieldError } from '../../registry/field-errors.js';
import type { JSONSchemaProps } from '../schema-types.js';
import { compileValidationRules, evaluateValidationRules, validateObject } from './index.js';
import { gadgetSchema } from './testdata.js';

function gadget(spec: unknown): Record<string, unknown> {
  return { apiVersion: 'h1.example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec };
}

function render(errs: FieldError[]): string[] {
  return errs.map((e) => `${e.type} ${e.field}: ${e.detail}`).sort();
}

const cases: Array<{ name: string; spec: unknown; old?: unknown; want: string[] }> = [
  {
    name: 'runtime error, messageExpression + Required reason, Duplicate reason, message',
    spec: { name: 'Ab', items: ['a', 'b', 'c'], tags: ['b', 'a'] },
    want: [
      'FieldValueInvalid spec: Invalid value: "object": no such key: foo evaluating rule: self.foo == 1',
      'FieldValueRequired spec.items: Required value: too many items in Ab',
      'FieldValueDuplicate spec.tags: Duplicate value',
      'FieldValueInvalid spec: Invalid value: lower please',
    ],
  },
  {
    name: 'optionalOldSelf runs on create with oldSelf = none',
    spec: { foo: 1, name: 'new' },
    want: ['FieldValueInvalid spec: Invalid value: no new'],
  },
  {
    name: 'valid create (transition rules skipped)',
    spec: { foo: 1, name: 'ok', m: [{ k: 'a', v: 5 }] },
    want: [],
  },
  {
    name: 'transition rules on update (object, scalar, map-list item)',
    spec: { foo: 1, name: 'ok2', m: [{ k: 'a', v: 4 }] },
    old: { foo: 1, name: 'ok', m: [{ k: 'a', v: 5 }] },
    want: [
      'FieldValueInvalid spec: Invalid value: name is immutable',
      'FieldValueInvalid spec.name: Invalid value: "ok2": name immutable (scalar)',
      'FieldValueInvalid spec.m[0].v: Invalid value: 4: v may not decrease',
    ],
  },
  {
    name: 'scalar rule value is printed',
    spec: { name: 'x' },
    want: [
      'FieldValueInvalid spec: Invalid value: "object": no such key: foo evaluating rule: self.foo == 1',
      'FieldValueInvalid spec.name: Invalid value: "x": short',
    ],
  },
];

describe('apiextensions/schema CEL rules (probed on kcp)', () => {
  const { errors, program } = compileValidationRules(gadgetSchema, 'spec.validation.openAPIV3Schema');

  it('compiles the probe CRD kcp accepted', () => {
    expect(errors).to.deep.equal([]);
  });

  for (const c of cases) {
    it(c.name, () => {
      const old = c.old === undefined ? undefined : gadget(c.old);
      expect(render(evaluateValidationRules(program, gadget(c.spec), old))).to.deep.equal([...c.want].sort());
      expect(render(validateObject(gadgetSchema, gadget(c.spec), { old, rules: program }))).to.deep.equal(
        [...c.want].sort(),
      );
    });
  }

  it('ratchets rules that do not use oldSelf when the value is unchanged', () => {
    const obj = gadget({ foo: 1, name: 'Ab' });
    expect(evaluateValidationRules(program, obj)).to.have.length(1);
    expect(evaluateValidationRules(program, obj, gadget({ foo: 1, name: 'Ab' }))).to.deep.equal([]);
  });

  it('implements the cheap Kubernetes extension functions', () => {
    const s: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-validations': [
            { rule: 'self.l.isSorted() && self.l.sum() == 6 && self.l.max() == 3 && self.l.indexOf(2) == 1' },
            { rule: "self.s.upperAscii() == 'AB' && self.s.indexOf('b') == 1 && self.s.matches('^a')" },
            { rule: "self.s.find('[a-z]$') == 'b' && self.s.findAll('[a-z]').size() == 2" },
          ],
          properties: { l: { type: 'array', items: { type: 'integer' } }, s: { type: 'string' } },
        },
      },
    };
    const r = compileValidationRules(s, 'x');
    expect(r.errors).to.deep.equal([]);
    expect(evaluateValidationRules(r.program, { spec: { l: [1, 2, 3], s: 'ab' } })).to.deep.equal([]);
    expect(evaluateValidationRules(r.program, { spec: { l: [2, 1, 3], s: 'xb' } })).to.have.length(2);
  });

  it('refuses unknown and unsupported functions at CRD write time (422, never at run time)', () => {
    const s: JSONSchemaProps = {
      type: 'object',
      properties: {
        a: {
          type: 'string',
          'x-kubernetes-validations': [{ rule: 'quantity(self).isInteger()' }, { rule: 'nope(self)' }],
        },
      },
    };
    const r = compileValidationRules(s, 'p');
    expect(
      r.errors.map((e) => e.detail.split('\n')[0]!.replace(/^.*compilation failed: /, '')),
    ).to.deep.equal([
      "ERROR: <input>:1:9: function 'quantity' is not supported by this server",
      "ERROR: <input>:1:5: undeclared reference to 'nope' (in container '')",
    ]);
    expect(r.errors.every((e) => e.type === 'FieldValueInvalid' && e.field.endsWith('.rule'))).to.equal(true);
  });
});
