// Expected causes were probed on real kcp (v0.32 build, Kubernetes 1.36) on 2026-11-21 by
// POSTing Widgets (schema in testdata.ts) to /clusters/root:h1-schema. kube orders sibling
// properties randomly, so causes are compared as sorted lists.

import { expect } from 'chai';
import type { FieldError } from '../../registry/field-errors.js';
import { applyDefaults, validateObject } from './index.js';
import { widgetSchema } from './testdata.js';

const SKIPPED =
  'FieldValueInvalid <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

function widget(spec: unknown): Record<string, unknown> {
  return { apiVersion: 'h1.example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec };
}

function render(errs: FieldError[]): string[] {
  return errs.map((e) => `${e.type} ${e.field}: ${e.detail}`).sort();
}

const cases: Array<{ name: string; spec: unknown; want: string[] }> = [
  {
    name: 'wrong type blocks CEL',
    spec: { name: 'abc', replicas: 'x' },
    want: [
      'FieldValueTypeInvalid spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      SKIPPED,
    ],
  },
  {
    name: 'minimum (not blocking: CEL still runs)',
    spec: { name: 'abc', replicas: 0 },
    want: [
      'FieldValueInvalid spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
    ],
  },
  {
    name: 'lengths, enum, formats, int-or-string, multipleOf quirk, nullable',
    spec: {
      name: 'ABCDEFG',
      replicas: 11,
      ratio: 0,
      mode: 'c',
      when: 'yesterday',
      uid: 'x',
      port: 1.5,
      flag: null,
    },
    want: [
      'FieldValueTooLong spec.name: Too long: may not be more than 5 bytes',
      'FieldValueTypeInvalid spec.uid: Invalid value: "x": spec.uid in body must be of type uuid: "x"',
      'FieldValueInvalid spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
      'FieldValueNotSupported spec.mode: Unsupported value: "c": supported values: "a", "b", "3"',
      'FieldValueTypeInvalid spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"',
      'FieldValueTypeInvalid spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
      'FieldValueInvalid spec.ratio: Invalid value: 0: factor MultipleOf declared for spec.ratio must be positive: 0',
      'FieldValueInvalid spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0',
      SKIPPED,
    ],
  },
  {
    name: 'float for integer, set duplicates, anyOf/allOf/not, required',
    spec: {
      replicas: 2.5,
      ratio: 0.7,
      mode: 3,
      tags: ['a', 'a', 'b'],
      labels: {},
      any: 'c',
      nota: 'zz',
      all: 7,
    },
    want: [
      'FieldValueInvalid spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5',
      'FieldValueInvalid <nil>: Invalid value: "": "spec.any" must validate at least one schema (anyOf)',
      'FieldValueInvalid spec.any: Invalid value: "c": spec.any in body should match \'^a\'',
      'FieldValueTooMany spec.tags: Too many: 3: must have at most 2 items',
      'FieldValueInvalid spec.all: Invalid value: 7: spec.all in body should be less than or equal to 5',
      'FieldValueInvalid <nil>: Invalid value: "": "spec.all" must validate all the schemas (allOf)',
      'FieldValueInvalid <nil>: Invalid value: "": "spec.nota" must not validate the schema (not)',
      'FieldValueTypeInvalid spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
      'FieldValueInvalid <nil>: Invalid value: "": Checked value must be of type integer (default format) in spec.replicas',
      'FieldValueTypeInvalid spec.mode: Invalid value: "integer": spec.mode in body must be of type string: "integer"',
      'FieldValueInvalid spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties',
      'FieldValueRequired spec.name: Required value',
      'FieldValueDuplicate spec.tags[1]: Duplicate value: "a"',
      SKIPPED,
    ],
  },
  {
    name: 'minItems, oneOf with two matches, maxProperties, map-list duplicate after defaulting',
    spec: {
      name: 'ab',
      tags: [],
      labels: { a: '1', b: '2', c: 3 },
      ports: [{ name: 'a' }, { name: 'a', proto: 'TCP' }],
      one: { a: 'x', b: 'y' },
    },
    want: [
      'FieldValueInvalid spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items',
      'FieldValueInvalid <nil>: Invalid value: "": "spec.one" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      'FieldValueTooMany spec.labels: Too many: 3: must have at most 2 items',
      'FieldValueTypeInvalid spec.labels.c: Invalid value: "integer": spec.labels.c in body must be of type string: "integer"',
      'FieldValueDuplicate spec.ports[1]: Duplicate value: {"name":"a","proto":"TCP"}',
      SKIPPED,
    ],
  },
  {
    name: 'oneOf with none, int32 range, wrong container types',
    spec: { name: 'ab', one: {}, maxReplicas: 3000000000, port: true, flag: 'yes', tags: 'x', labels: [1] },
    want: [
      'FieldValueInvalid <nil>: Invalid value: "": "spec.one" must validate one and only one schema (oneOf). Found none valid',
      'FieldValueRequired spec.one.a: Required value',
      'FieldValueTypeInvalid spec.flag: Invalid value: "string": spec.flag in body must be of type boolean: "string"',
      'FieldValueTypeInvalid spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
      'FieldValueTypeInvalid spec.labels: Invalid value: "array": spec.labels in body must be of type object: "array"',
      'FieldValueTypeInvalid spec.tags: Invalid value: "string": spec.tags in body must be of type array: "string"',
      'FieldValueInvalid <nil>: Invalid value: "": Checked value must be of type integer with format int32 in spec.maxReplicas',
      SKIPPED,
    ],
  },
  {
    name: 'CEL rule at the root and on spec',
    spec: { name: 'ab', replicas: 3, maxReplicas: 2 },
    want: [
      'FieldValueInvalid <nil>: Invalid value: replicas too big',
      'FieldValueInvalid spec: Invalid value: replicas too big',
    ],
  },
  {
    name: 'messageExpression, reason and fieldPath',
    spec: { name: 'bad' },
    want: ['FieldValueForbidden spec.name: Forbidden: name bad is bad'],
  },
  {
    name: 'embedded resource needs apiVersion and kind',
    spec: { name: 'ab', nested: null, emb: { spec: {} } },
    want: [
      'FieldValueRequired spec.emb.apiVersion: Required value',
      'FieldValueRequired spec.emb.kind: Required value',
      SKIPPED,
    ],
  },
  {
    name: 'valid object',
    spec: { name: 'ab', replicas: 2, tags: ['a'], port: 'http', when: '2024-01-02T03:04:05Z' },
    want: [],
  },
];

describe('apiextensions/schema validateObject (probed on kcp)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const obj = widget(structuredClone(c.spec));
      applyDefaults(widgetSchema, obj); // kube defaults before it validates
      expect(render(validateObject(widgetSchema, obj))).to.deep.equal([...c.want].sort());
    });
  }

  it('ratchets unchanged invalid values on update', () => {
    const old = widget({ name: 'ab', replicas: 0 });
    const obj = widget({ name: 'ab', replicas: 0, flag: true });
    expect(validateObject(widgetSchema, obj, { old })).to.deep.equal([]);
    const changed = widget({ name: 'ab', replicas: -1 });
    expect(render(validateObject(widgetSchema, changed, { old }))).to.deep.equal([
      'FieldValueInvalid spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 1',
    ]);
  });

  it('validates common formats like kube', () => {
    const s = {
      type: 'object' as const,
      properties: Object.fromEntries(
        [
          'date',
          'ipv4',
          'ipv6',
          'cidr',
          'email',
          'hostname',
          'mac',
          'byte',
          'k8s-short-name',
          'int-ignored',
        ].map((f) => [f, { type: 'string' as const, format: f }]),
      ),
    };
    const good = {
      date: '2024-02-29',
      ipv4: '10.0.0.1',
      ipv6: 'fe80::1',
      cidr: '10.0.0.0/8',
      email: 'a@b.c',
      hostname: 'a.example.com',
      mac: '00:11:22:33:44:55',
      byte: 'aGVsbG8=',
      'k8s-short-name': 'abc-1',
      'int-ignored': 'anything',
    };
    expect(validateObject(s, good)).to.deep.equal([]);
    const bad = { date: '2023-02-29', ipv4: '300.1.1.1', cidr: '10.0.0.0', 'k8s-short-name': 'ABC' };
    expect(validateObject(s, bad).map((e) => e.field)).to.deep.equal([
      'date',
      'ipv4',
      'cidr',
      'k8s-short-name',
    ]);
  });
});
