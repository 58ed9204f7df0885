// Schemas of the two CRDs used to probe real kcp (v0.32 build, Kubernetes 1.36) on 2026-11-21
// in workspace root:h1-schema; the unit tests compare this engine with kcp's answers for them.

import type { JSONSchemaProps } from '../schema-types.js';

/** widgets.h1.example.com: one of each value validation. */
export const widgetSchema: JSONSchemaProps = {
  type: 'object',
  'x-kubernetes-validations': [
    {
      rule: '!has(self.spec) || !has(self.spec.maxReplicas) || !has(self.spec.replicas) || self.spec.replicas <= self.spec.maxReplicas',
      message: 'replicas too big',
    },
  ],
  properties: {
    spec: {
      type: 'object',
      required: ['name'],
      'x-kubernetes-validations': [
        {
          rule: '!has(self.replicas) || !has(self.maxReplicas) || self.replicas <= self.maxReplicas',
          message: 'replicas too big',
        },
        {
          rule: "!has(self.name) || self.name != 'bad'",
          messageExpression: "'name ' + self.name + ' is bad'",
          reason: 'FieldValueForbidden',
          fieldPath: '.name',
        },
        { rule: "!has(self.mode) || self.mode != 'x'" },
        { rule: '!has(oldSelf.name) || self.name == oldSelf.name', message: 'name is immutable' },
      ],
      properties: {
        name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        maxReplicas: { type: 'integer', format: 'int32', default: 5 },
        ratio: { type: 'number', exclusiveMinimum: true, minimum: 0, multipleOf: 0.5 },
        mode: { type: 'string', enum: ['a', 'b', 3] },
        when: { type: 'string', format: 'date-time' },
        uid: { type: 'string', format: 'uuid' },
        port: { 'x-kubernetes-int-or-string': true },
        flag: { type: 'boolean', nullable: true },
        tags: {
          type: 'array',
          items: { type: 'string' },
          maxItems: 2,
          minItems: 1,
          'x-kubernetes-list-type': 'set',
        },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'proto'],
          items: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string' },
              proto: { type: 'string', default: 'TCP' },
              n: { type: 'integer' },
            },
          },
        },
        labels: {
          type: 'object',
          additionalProperties: { type: 'string' },
          maxProperties: 2,
          minProperties: 1,
        },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        emb: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } },
        },
        one: {
          type: 'object',
          properties: { a: { type: 'string' }, b: { type: 'string' } },
          oneOf: [{ required: ['a'] }, { required: ['b'] }],
        },
        any: { type: 'string', anyOf: [{ pattern: '^a' }, { pattern: '^b' }] },
        nota: { type: 'string', not: { enum: ['zz'] } },
        all: { type: 'integer', allOf: [{ minimum: 3 }, { maximum: 5 }] },
        nested: {
          type: 'object',
          properties: {
            deep: { type: 'object', properties: { x: { type: 'integer', default: 7 } }, default: {} },
          },
        },
      },
    },
    status: { type: 'object', properties: { ok: { type: 'boolean' } } },
  },
};

/** gadgets.h1.example.com: CEL rules (messages, reasons, fieldPath, transition rules). */
export const gadgetSchema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.foo == 1' },
        { rule: 'self.name == oldSelf.name', message: 'name is immutable' },
        {
          rule: '!has(self.items) || self.items.size() < 3',
          messageExpression: "'too many items in ' + self.name",
          reason: 'FieldValueRequired',
          fieldPath: '.items',
        },
        {
          rule: '!has(self.tags) || self.tags.isSorted()',
          reason: 'FieldValueDuplicate',
          fieldPath: '.tags',
        },
        { rule: '!has(self.name) || self.name.lowerAscii() == self.name', message: 'lower please' },
        {
          rule: "oldSelf.hasValue() || !has(self.name) || self.name != 'new'",
          optionalOldSelf: true,
          message: 'no new',
        },
      ],
      properties: {
        foo: { type: 'integer' },
        name: {
          type: 'string',
          'x-kubernetes-validations': [
            { rule: 'self.size() > 1', message: 'short' },
            { rule: 'self == oldSelf', message: 'name immutable (scalar)' },
          ],
          maxLength: 20,
        },
        items: { type: 'array', items: { type: 'string', maxLength: 20 }, maxItems: 10 },
        tags: { type: 'array', items: { type: 'string', maxLength: 20 }, maxItems: 10 },
        m: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['k'],
          items: {
            type: 'object',
            required: ['k'],
            properties: {
              k: { type: 'string', maxLength: 20 },
              v: {
                type: 'integer',
                'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'v may not decrease' }],
              },
            },
          },
          maxItems: 10,
        },
      },
    },
  },
};
