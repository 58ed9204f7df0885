// Expected errors were probed on real kcp (v0.32 build, Kubernetes 1.36) on 2026-11-21 by
// creating CRDs with ?dryRun=All in root:h1-schema. With a single version kube reports the
// schema under `spec.validation.openAPIV3Schema` (the internal version's top-level schema).

import { expect } from 'chai';
import type { FieldError } from '../../registry/field-errors.js';
import type { JSONSchemaProps } from '../schema-types.js';
import { structuralSchemaErrors } from './index.js';
import { widgetSchema } from './testdata.js';

const P = 'spec.validation.openAPIV3Schema';

function render(errs: FieldError[]): string[] {
  return errs.map((e) => `${e.type} ${e.field}: ${e.detail}`).sort();
}

const cases: Array<{ name: string; schema: unknown; want: string[] }> = [
  {
    name: 'root must be an object',
    schema: { type: 'string' },
    want: [`FieldValueInvalid ${P}.type: Invalid value: "string": must be object at the root`],
  },
  {
    name: 'type is required',
    schema: { properties: { a: {} } },
    want: [
      `FieldValueRequired ${P}.properties[a].type: Required value: must not be empty for specified object fields`,
      `FieldValueRequired ${P}.type: Required value: must not be empty at the root`,
    ],
  },
  {
    name: 'forbidden OpenAPI constructs (structural checks then skipped)',
    schema: {
      type: 'object',
      properties: {
        a: { type: 'array' },
        b: { type: 'array', items: [{ type: 'string' }] },
        c: {
          type: 'object',
          additionalProperties: { type: 'string' },
          properties: { x: { type: 'string' } },
        },
        d: { type: 'string', uniqueItems: true, $ref: '#/x', additionalItems: false },
        e: { type: 'null' },
        f: { type: 'foo' },
      },
    },
    want: [
      `FieldValueForbidden ${P}.properties[c].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
      `FieldValueForbidden ${P}.properties[d].additionalItems: Forbidden: additionalItems is not supported`,
      `FieldValueForbidden ${P}.properties[d].$ref: Forbidden: $ref is not supported`,
      `FieldValueForbidden ${P}.properties[d].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
      `FieldValueNotSupported ${P}.properties[e].type: Unsupported value: "null": supported values: "array", "boolean", "integer", "number", "object", "string"`,
      `FieldValueForbidden ${P}.properties[e].type: Forbidden: type cannot be set to null, use nullable as an alternative`,
      `FieldValueNotSupported ${P}.properties[f].type: Unsupported value: "foo": supported values: "array", "boolean", "integer", "number", "object", "string"`,
      `FieldValueForbidden ${P}.properties[b].items: Forbidden: items must be a schema object and not an array`,
    ],
  },
  {
    name: 'nullable and additionalProperties at the root',
    schema: { type: 'object', additionalProperties: { type: 'string' }, nullable: true },
    want: [
      `FieldValueForbidden ${P}.nullable: Forbidden: nullable cannot be true at the root`,
      `FieldValueForbidden ${P}.additionalProperties: Forbidden: must not be used at the root`,
    ],
  },
  {
    name: 'metadata may only restrict name/generateName; kind must be a string',
    schema: {
      type: 'object',
      properties: {
        metadata: {
          type: 'object',
          properties: { name: { type: 'string', maxLength: 5 }, labels: { type: 'object' } },
        },
        kind: { type: 'integer' },
        spec: {
          type: 'object',
          properties: { metadata: { type: 'object', properties: { x: { type: 'string' } } } },
        },
      },
    },
    want: [
      `FieldValueInvalid ${P}.properties[kind].type: Invalid value: "integer": must be string`,
      `FieldValueForbidden ${P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ],
  },
  {
    name: 'list and map types',
    schema: {
      type: 'object',
      properties: {
        l: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          items: {
            type: 'object',
            properties: { k: { type: 'object' }, n: { type: 'string', nullable: true } },
          },
          'x-kubernetes-list-map-keys': ['k', 'zz', 'n', 'n'],
        },
        s: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'object' } },
        t: { type: 'string', 'x-kubernetes-list-type': 'foo', 'x-kubernetes-list-map-keys': ['a'] },
        m: { type: 'array', items: { type: 'string' }, 'x-kubernetes-map-type': 'atomic' },
      },
    },
    want: [
      `FieldValueInvalid ${P}.properties[t].type: Invalid value: "string": must be array if x-kubernetes-list-type is specified`,
      `FieldValueNotSupported ${P}.properties[t].x-kubernetes-list-type: Unsupported value: "foo": supported values: "atomic", "set", "map"`,
      `FieldValueInvalid ${P}.properties[t].x-kubernetes-list-type: Invalid value: "foo": must be map if x-kubernetes-list-map-keys is non-empty`,
      `FieldValueInvalid ${P}.properties[m].type: Invalid value: "array": must be object if x-kubernetes-map-type is specified`,
      `FieldValueInvalid ${P}.properties[l].items.properties[k].type: Invalid value: "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
      `FieldValueInvalid ${P}.properties[l].x-kubernetes-list-map-keys: Invalid value: ["k","zz","n","n"]: entries must all be names of item properties`,
      `FieldValueInvalid ${P}.properties[l].x-kubernetes-list-map-keys: Invalid value: ["k","zz","n","n"]: must not contain duplicate entries`,
      `FieldValueRequired ${P}.properties[l].items.properties[k].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `FieldValueRequired ${P}.properties[l].items.properties[n].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `FieldValueForbidden ${P}.properties[l].items.properties[n].nullable: Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable`,
      `FieldValueRequired ${P}.properties[l].items.properties[n].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `FieldValueForbidden ${P}.properties[l].items.properties[n].nullable: Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable`,
      `FieldValueInvalid ${P}.properties[s].items.x-kubernetes-map-type: Invalid value: null: must be atomic as item of a list with x-kubernetes-list-type=set`,
    ],
  },
  {
    name: 'embedded resources and int-or-string',
    schema: {
      type: 'object',
      properties: {
        e: { type: 'string', 'x-kubernetes-embedded-resource': true },
        e2: { type: 'object', 'x-kubernetes-embedded-resource': true },
        e3: { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        i: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true },
        e4: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          additionalProperties: { type: 'string' },
        },
        e5: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: {
            kind: { type: 'integer' },
            metadata: {
              type: 'object',
              properties: {
                labels: { type: 'object', additionalProperties: { type: 'string', default: 'x' } },
              },
            },
          },
        },
      },
    },
    want: [
      `FieldValueRequired ${P}.properties[e2].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
      `FieldValueRequired ${P}.properties[e3].type: Required value: must be object if x-kubernetes-embedded-resource is true`,
      `FieldValueForbidden ${P}.properties[e4].additionalProperties: Forbidden: must not be used if x-kubernetes-embedded-resource is set`,
      `FieldValueRequired ${P}.properties[e4].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
      `FieldValueInvalid ${P}.properties[e5].properties[kind].type: Invalid value: "integer": must be string`,
      `FieldValueRequired ${P}.properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
      `FieldValueInvalid ${P}.properties[e].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true`,
      `FieldValueInvalid ${P}.properties[i].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true`,
      `FieldValueForbidden ${P}.properties[e5].properties[metadata].properties[labels].additionalProperties.default: Forbidden: must not be set inside additionalProperties applying to object metadata`,
    ],
  },
  {
    name: 'preserve-unknown-fields false',
    schema: {
      type: 'object',
      properties: { p: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false } },
    },
    want: [
      `FieldValueInvalid ${P}.properties[p].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
    ],
  },
  {
    name: 'bad pattern (defaults then unchecked) and default in top-level metadata',
    schema: {
      type: 'object',
      properties: {
        a: { type: 'integer', default: 'x' },
        d: { type: 'string', pattern: '(' },
        metadata: { type: 'object', default: {} },
      },
    },
    want: [
      `FieldValueInvalid ${P}.properties[d].pattern: Invalid value: "(": must be a valid regular expression, but isn't: error parsing regexp: missing closing ): \`(\``,
      `FieldValueForbidden ${P}.properties[metadata].default: Forbidden: must not be set in top-level metadata`,
    ],
  },
  {
    name: 'defaults must validate, be pruned and satisfy CEL rules',
    schema: {
      type: 'object',
      properties: {
        a: { type: 'integer', default: 'x', minimum: 3 },
        b: { type: 'integer', minimum: 3, default: 1 },
        c: { type: 'object', properties: { x: { type: 'string' } }, default: { x: 'a', y: 1 } },
        d: { type: 'string', enum: ['x'], default: 'y' },
        f: { type: 'string', default: 'abc', 'x-kubernetes-validations': [{ rule: 'self.size() < 2' }] },
        g: { type: 'array', items: { type: 'string', maxLength: 1 }, default: ['ab'] },
      },
    },
    want: [
      `FieldValueInvalid ${P}.properties[f].default: Invalid value: "abc": failed rule: self.size() < 2`,
      `FieldValueTooLong ${P}.properties[g].default.[0]: Too long: may not be more than 1 byte`,
      `FieldValueTypeInvalid ${P}.properties[a].default: Invalid value: "string":  in body must be of type integer: "string"`,
      `FieldValueInvalid ${P}.properties[b].default: Invalid value: 1:  in body should be greater than or equal to 3`,
      `FieldValueInvalid ${P}.properties[c].default: Invalid value: {"x":"a","y":1}: must not have unknown fields`,
      `FieldValueNotSupported ${P}.properties[d].default: Unsupported value: "y": supported values: "x"`,
    ],
  },
  {
    name: 'value validations must stay structural',
    schema: {
      type: 'object',
      properties: {
        a: {
          type: 'string',
          anyOf: [{ type: 'string' }, { properties: { z: { type: 'string' } } }],
          allOf: [{ description: 'x', nullable: true, default: 'a', title: 't' }],
          oneOf: [
            { additionalProperties: { type: 'string' }, 'x-kubernetes-validations': [{ rule: 'true' }] },
          ],
          not: { properties: { metadata: {} } },
        },
      },
    },
    want: [
      `FieldValueForbidden ${P}.properties[a].allOf[0].default: Forbidden: must be undefined to be structural`,
      `FieldValueForbidden ${P}.properties[a].allOf[0].description: Forbidden: must be empty to be structural`,
      `FieldValueForbidden ${P}.properties[a].allOf[0].nullable: Forbidden: must be false to be structural`,
      `FieldValueForbidden ${P}.properties[a].allOf[0].title: Forbidden: must be empty to be structural`,
      `FieldValueForbidden ${P}.properties[a].anyOf[0].type: Forbidden: must be empty to be structural`,
      `FieldValueForbidden ${P}.properties[a].anyOf[1].properties[z].type: Forbidden: must be empty to be structural`,
      `FieldValueForbidden ${P}.properties[a].not.properties[metadata]: Forbidden: must not be specified in a nested context`,
      `FieldValueForbidden ${P}.properties[a].oneOf[0].additionalProperties: Forbidden: must be undefined to be structural`,
      `FieldValueForbidden ${P}.properties[a].oneOf[0].x-kubernetes-validations: Forbidden: must be empty to be structural`,
    ],
  },
  {
    name: 'x-kubernetes-validations static checks',
    schema: {
      type: 'object',
      properties: {
        a: {
          type: 'string',
          'x-kubernetes-validations': [
            { rule: 'true' },
            { rule: '' },
            { rule: 'true', message: ' ' },
            { rule: 'true', reason: 'Bad', fieldPath: '.x' },
          ],
        },
      },
    },
    want: [
      `FieldValueRequired ${P}.properties[a].x-kubernetes-validations[1].rule: Required value: rule is not specified`,
      `FieldValueInvalid ${P}.properties[a].x-kubernetes-validations[2].message: Invalid value: " ": must be non-empty if specified`,
      `FieldValueNotSupported ${P}.properties[a].x-kubernetes-validations[3].reason: Unsupported value: "Bad": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`,
      `FieldValueInvalid ${P}.properties[a].x-kubernetes-validations[3].fieldPath: Invalid value: ".x": must be a valid path`,
    ],
  },
  {
    name: 'CEL compilation: undeclared function, oldSelf misuse',
    schema: {
      type: 'object',
      properties: {
        a: {
          type: 'string',
          'x-kubernetes-validations': [
            { rule: 'self.foo()' },
            { rule: 'self == "a"', optionalOldSelf: true },
          ],
        },
        l: {
          type: 'array',
          items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] },
        },
      },
    },
    want: [
      `FieldValueInvalid ${P}.properties[a].x-kubernetes-validations[0].rule: Invalid value: {"Rule":"self.foo()","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:9: undeclared reference to 'foo' (in container '')\n | self.foo()\n | ........^`,
      `FieldValueInvalid ${P}.properties[a].x-kubernetes-validations[1].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule`,
      `FieldValueInvalid ${P}.properties[l].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${P}.properties[l]`,
    ],
  },
  {
    name: 'messageExpression compilation and constant regex of matches()',
    schema: {
      type: 'object',
      properties: {
        a: {
          type: 'string',
          maxLength: 5,
          'x-kubernetes-validations': [
            { rule: 'true', messageExpression: 'self.bar()' },
            { rule: 'true', messageExpression: 'oldSelf' },
            { rule: 'self.matches("(")' },
            { rule: 'true\n&& true', message: 'm' },
          ],
        },
      },
    },
    want: [
      `FieldValueInvalid ${P}.properties[a].x-kubernetes-validations[0].messageExpression: Invalid value: {"Rule":"true","Message":"","MessageExpression":"self.bar()","Reason":null,"FieldPath":"","OptionalOldSelf":null}: messageExpression compilation failed: ERROR: <input>:1:9: undeclared reference to 'bar' (in container '')\n | self.bar()\n | ........^`,
      `FieldValueInvalid ${P}.properties[a].x-kubernetes-validations[2].rule: Invalid value: {"Rule":"self.matches(\\"(\\")","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:14: invalid matches argument\n | self.matches("(")\n | .............^`,
    ],
  },
  {
    name: 'a multi-line rule needs a message',
    schema: {
      type: 'object',
      properties: { a: { type: 'string', 'x-kubernetes-validations': [{ rule: 'true\n&& true' }] } },
    },
    want: [
      `FieldValueRequired ${P}.properties[a].x-kubernetes-validations[0].message: Required value: message must be specified if rule contains line breaks`,
    ],
  },
  {
    name: 'CEL field selection is checked against the schema',
    schema: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.metadata.labels.size() > 0' },
        { rule: 'self.spec.nope == 1' },
        { rule: 'has(self.spec.nope2)' },
        { rule: 'self.kind == "a" && self.metadata.name == "b"' },
        { rule: 'self.spec.p.x == 1' },
        { rule: 'self.spec.m.x == "1"' },
        { rule: 'self.spec.a.b == 1' },
      ],
      properties: {
        spec: {
          type: 'object',
          properties: {
            a: { type: 'string', maxLength: 3 },
            p: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
              properties: { k: { type: 'string', maxLength: 3 } },
            },
            m: { type: 'object', maxProperties: 3, additionalProperties: { type: 'string', maxLength: 3 } },
          },
        },
      },
    },
    want: [
      `FieldValueInvalid ${P}.x-kubernetes-validations[0].rule: Invalid value: {"Rule":"self.metadata.labels.size() \\u003e 0","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:14: undefined field 'labels'\n | self.metadata.labels.size() > 0\n | .............^`,
      `FieldValueInvalid ${P}.x-kubernetes-validations[1].rule: Invalid value: {"Rule":"self.spec.nope == 1","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:10: undefined field 'nope'\n | self.spec.nope == 1\n | .........^`,
      `FieldValueInvalid ${P}.x-kubernetes-validations[2].rule: Invalid value: {"Rule":"has(self.spec.nope2)","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:4: undefined field 'nope2'\n | has(self.spec.nope2)\n | ...^`,
      `FieldValueInvalid ${P}.x-kubernetes-validations[4].rule: Invalid value: {"Rule":"self.spec.p.x == 1","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:12: undefined field 'x'\n | self.spec.p.x == 1\n | ...........^`,
      `FieldValueInvalid ${P}.x-kubernetes-validations[6].rule: Invalid value: {"Rule":"self.spec.a.b == 1","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:12: type 'string' does not support field selection\n | self.spec.a.b == 1\n | ...........^`,
    ],
  },
  {
    name: 'Kubernetes CEL libraries this server lacks are refused (not probed: kcp accepts them)',
    schema: {
      type: 'object',
      properties: {
        a: {
          type: 'string',
          'x-kubernetes-validations': [{ rule: 'isURL(self) && url(self).getHost() == "a"' }],
        },
      },
    },
    want: [
      `FieldValueInvalid ${P}.properties[a].x-kubernetes-validations[0].rule: Invalid value: {"Rule":"isURL(self) \\u0026\\u0026 url(self).getHost() == \\"a\\"","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:6: function 'isURL' is not supported by this server\n | isURL(self) && url(self).getHost() == "a"\n | .....^`,
    ],
  },
];

describe('apiextensions/schema structuralSchemaErrors (probed on kcp)', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(render(structuralSchemaErrors(c.schema as JSONSchemaProps, P))).to.deep.equal(
        [...c.want].sort(),
      );
    });
  }

  it('accepts the probe CRDs kcp accepted', () => {
    expect(structuralSchemaErrors(widgetSchema, P)).to.deep.equal([]);
  });

  it('uses the caller field path (multi-version CRDs)', () => {
    const errs = structuralSchemaErrors({ type: 'string' }, 'spec.versions[1].schema.openAPIV3Schema');
    expect(errs.map((e) => e.field)).to.deep.equal(['spec.versions[1].schema.openAPIV3Schema.type']);
  });
});

describe('apiextensions/schema malformed schemas', () => {
  const malformed: unknown[] = [
    { type: 'object', properties: { a: null } },
    { type: 'object', 'x-kubernetes-validations': 'x' },
    { type: 'object', 'x-kubernetes-validations': [{ rule: 5 }] },
    { type: 'object', enum: 'x' },
    { type: 'object', allOf: 'x' },
    { type: 'object', required: 'a' },
    { type: 'object', properties: { a: { type: 'string', pattern: 5 } } },
  ];
  for (const s of malformed) {
    it(`refuses ${JSON.stringify(s)} with one error instead of throwing`, () => {
      const errs = structuralSchemaErrors(s as JSONSchemaProps, P);
      expect(errs).to.have.length(1);
      expect(errs[0]!.field).to.equal(P);
      expect(errs[0]!.detail).to.match(/^Invalid value: "": json: cannot unmarshal /);
    });
  }
});
