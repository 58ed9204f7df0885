import { expect } from 'chai';
import protobuf from 'protobufjs';
import { parse } from 'yaml';
import { builtinTypes } from '../registry/catalog.js';
import type { ResourceType } from '../registry/resource-type.js';
import { buildDocumentSet } from './cache.js';
import { gnosticType } from './gnostic-v2-schema.js';
import { asCarriedByProtobuf, decodeGnosticDocument } from './gnostic-to-swagger.js';
import { encodeSwaggerAsGnostic, swaggerToGnostic, yamlOf } from './swagger-to-gnostic.js';

// A small document touching most message kinds: a path with a path-level parameter, an
// operation with a body parameter, a $ref parameter, a response and extensions; a definition
// with properties, additionalProperties (schema and false), items, enum, numbers and extensions;
// parameter and security definitions.
const small = {
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'v1.37.2' },
  paths: {
    '/api/v1/namespaces/{namespace}/configmaps/{name}': {
      parameters: [
        {
          uniqueItems: true,
          type: 'string',
          description: 'name of the ConfigMap',
          name: 'name',
          in: 'path',
          required: true,
        },
      ],
      patch: {
        consumes: ['application/apply-patch+yaml', 'application/merge-patch+json'],
        produces: ['application/json'],
        operationId: 'patchCoreV1NamespacedConfigMap',
        parameters: [
          { name: 'body', in: 'body', required: true, schema: { type: 'object' } },
          { $ref: '#/parameters/fieldValidation' },
        ],
        responses: {
          '200': { description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.core.v1.ConfigMap' } },
        },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: '', kind: 'ConfigMap', version: 'v1' },
      },
    },
  },
  definitions: {
    'io.k8s.api.core.v1.ConfigMap': {
      description: 'ConfigMap holds configuration data.',
      type: 'object',
      required: ['metadata'],
      properties: {
        data: { type: 'object', additionalProperties: { type: 'string', default: '' } },
        immutable: { type: 'boolean' },
        list: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-list-type': 'atomic',
          maxItems: 3,
          minimum: 0.5,
          enum: ['a', 1, true],
        },
        free: { type: 'object', additionalProperties: false, 'x-kubernetes-preserve-unknown-fields': true },
      },
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMap', version: 'v1' }],
    },
  },
  parameters: {
    fieldValidation: {
      uniqueItems: true,
      type: 'string',
      description: 'validation',
      name: 'fieldValidation',
      in: 'query',
    },
  },
  securityDefinitions: {
    BearerToken: {
      description: 'Bearer Token authentication',
      type: 'apiKey',
      name: 'authorization',
      in: 'header',
    },
  },
  security: [{ BearerToken: [] }],
};

// What gnostic's own compiler and Go's proto.Marshal make of `small` (github.com/google/
// gnostic-models v0.7.1 openapi_v2.ParseDocument, as kube-openapi calls it), captured once.
const smallFromGnostic = Buffer.from(
  'CgMyLjASFQoKS3ViZXJuZXRlcxIHdjEuMzcuMkLTAxLQAwowL2FwaS92MS9uYW1lc3BhY2VzL3tuYW1lc3BhY2V9L2NvbmZpZ21h' +
    'cHMve25hbWV9EpsDQuACKh5wYXRjaENvcmVWMU5hbWVzcGFjZWRDb25maWdNYXAyEGFwcGxpY2F0aW9uL2pzb246HGFwcGxpY2F0' +
    'aW9uL2FwcGx5LXBhdGNoK3lhbWw6HGFwcGxpY2F0aW9uL21lcmdlLXBhdGNoK2pzb25CHwodChsSBGJvZHkaBGJvZHkgASoLsgEI' +
    'CgZvYmplY3RCIBIeChwjL3BhcmFtZXRlcnMvZmllbGRWYWxpZGF0aW9uSj8KPQoDMjAwEjYKNAoCT0sSLgosCiojL2RlZmluaXRp' +
    'b25zL2lvLms4cy5hcGkuY29yZS52MS5Db25maWdNYXBqHwoTeC1rdWJlcm5ldGVzLWFjdGlvbhIIEgZwYXRjaApqSwofeC1rdWJl' +
    'cm5ldGVzLWdyb3VwLXZlcnNpb24ta2luZBIoEiZncm91cDogIiIKa2luZDogQ29uZmlnTWFwCnZlcnNpb246IHYxCko2CjQSMiIw' +
    'CAESBHBhdGgaFW5hbWUgb2YgdGhlIENvbmZpZ01hcCIEbmFtZSoGc3RyaW5nmAEBSrcDCrQDChxpby5rOHMuYXBpLmNvcmUudjEu' +
    'Q29uZmlnTWFwEpMDIiNDb25maWdNYXAgaG9sZHMgY29uZmlndXJhdGlvbiBkYXRhLpoBCG1ldGFkYXRhsgEICgZvYmplY3TKAYAC' +
    'CioKBGRhdGESIqoBFAoSKgUSAyIiCrIBCAoGc3RyaW5nsgEICgZvYmplY3QKGQoJaW1tdXRhYmxlEgyyAQkKB2Jvb2xlYW4KawoE' +
    'bGlzdBJjSQAAAAAAAOA/cAOiAQQSAmEKogEEEgIxCqIBBxIFdHJ1ZQqyAQcKBWFycmF5ugENCguyAQgKBnN0cmluZ/oBIwoWeC1r' +
    'dWJlcm5ldGVzLWxpc3QtdHlwZRIJEgdhdG9taWMKCkoKBGZyZWUSQqoBAhAAsgEICgZvYmplY3T6AS8KJHgta3ViZXJuZXRlcy1w' +
    'cmVzZXJ2ZS11bmtub3duLWZpZWxkcxIHEgV0cnVlCvoBUQofeC1rdWJlcm5ldGVzLWdyb3VwLXZlcnNpb24ta2luZBIuEiwtIGdy' +
    'b3VwOiAiIgogIGtpbmQ6IENvbmZpZ01hcAogIHZlcnNpb246IHYxClJICkYKD2ZpZWxkVmFsaWRhdGlvbhIzEjEaLxIFcXVlcnka' +
    'CnZhbGlkYXRpb24iD2ZpZWxkVmFsaWRhdGlvbjIGc3RyaW5noAEBYhEKDwoLQmVhcmVyVG9rZW4SAGpPCk0KC0JlYXJlclRva2Vu' +
    'Ej4SPAoGYXBpS2V5Eg1hdXRob3JpemF0aW9uGgZoZWFkZXIiG0JlYXJlciBUb2tlbiBhdXRoZW50aWNhdGlvbg==',
  'base64',
);

/** The field numbers of a message's top-level fields, in wire order. */
function fieldNumbers(bytes: Uint8Array): number[] {
  const r = protobuf.Reader.create(bytes);
  const out: number[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    out.push(tag >>> 3);
    r.skipType(tag & 7);
  }
  return out;
}

/** The bytes of the first length-delimited field `n` of a message. */
function field(bytes: Uint8Array, n: number): Uint8Array {
  const r = protobuf.Reader.create(bytes);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === n && (tag & 7) === 2) return r.bytes();
    r.skipType(tag & 7);
  }
  throw new Error(`no field ${n}`);
}

const leases = builtinTypes.find((t) => t.names.plural === 'leases')!;
const widgets: ResourceType = {
  ...leases,
  group: 'example.com',
  version: 'v1',
  names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
  subresources: ['status'],
  schema: {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        description: 'What the widget should be.',
        required: ['size'],
        properties: {
          size: { type: 'integer', minimum: 0, maximum: 10, default: 3 },
          color: {
            type: 'string',
            enum: ['blue', 'on', 'y', '0o17'],
            default: 'blue',
            pattern: '^[a-z0-9]+$',
          },
          tags: { type: 'array', items: { type: 'string' }, maxItems: 4, 'x-kubernetes-list-type': 'set' },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          port: { 'x-kubernetes-int-or-string': true },
          note: { type: 'string', description: 'Two\nlines: with a colon', nullable: true },
        },
      },
    },
  },
};

describe('openapi v2 in protobuf (gnostic)', () => {
  it('writes the bytes gnostic writes for the same document', () => {
    expect(encodeSwaggerAsGnostic(small).toString('base64')).to.equal(smallFromGnostic.toString('base64'));
  });

  it('numbers the fields as gnostic’s OpenAPIv2.proto does', () => {
    const doc = encodeSwaggerAsGnostic(small);
    // swagger, info, paths, definitions, parameters, security, security_definitions
    expect(fieldNumbers(doc)).to.deep.equal([1, 2, 8, 9, 10, 12, 13]);
    expect(fieldNumbers(field(doc, 2))).to.deep.equal([1, 2]); // Info: title, version
    // Paths.path (2) → NamedPathItem.value (2) → PathItem: patch 8, parameters 9.
    const pathItem = field(field(field(doc, 8), 2), 2);
    expect(fieldNumbers(pathItem)).to.deep.equal([8, 9]);
    // Operation: operation_id 5, produces 6, consumes 7 ×2, parameters 8 ×2, responses 9, vendor_extension 13 ×2.
    expect(fieldNumbers(field(pathItem, 8))).to.deep.equal([5, 6, 7, 7, 8, 8, 9, 13, 13]);
    // Definitions.additional_properties (1) → NamedSchema.value (2) → Schema:
    // description 4, required 19, type 22, properties 25, vendor_extension 31.
    const schema = field(field(field(doc, 9), 1), 2);
    expect(fieldNumbers(schema)).to.deep.equal([4, 19, 22, 25, 31]);
    // NamedAny.value → Any.yaml (2): the extension's value as YAML.
    const gvk = field(field(schema, 31), 2);
    expect(fieldNumbers(gvk)).to.deep.equal([2]);
    expect(Buffer.from(field(gvk, 2)).toString()).to.equal('- group: ""\n  kind: ConfigMap\n  version: v1\n');
  });

  it('decodes back to the JSON document, for the built-in types and a CRD-served one', () => {
    expect(decodeGnosticDocument(smallFromGnostic)).to.deep.equal(asCarriedByProtobuf(small));
    for (const types of [builtinTypes, [...builtinTypes, widgets]]) {
      const json = JSON.parse(buildDocumentSet(types).v2().body.toString()) as Record<string, unknown>;
      const back = decodeGnosticDocument(encodeSwaggerAsGnostic(json));
      expect(back).to.deep.equal(asCarriedByProtobuf(json));
    }
  });

  it('serves the protobuf form from the same document set, with the JSON document’s hash', () => {
    const set = buildDocumentSet([...builtinTypes, widgets]);
    const pb = set.v2Protobuf();
    expect(pb.hash).to.equal(set.v2().hash);
    expect(set.v2Protobuf()).to.equal(pb);
    const doc = decodeGnosticDocument(pb.body) as {
      definitions: Record<string, { 'x-kubernetes-group-version-kind'?: unknown }>;
    };
    // kubectl finds a kind's schema by this extension, read from the Any's YAML.
    expect(doc.definitions['com.example.v1.Widget']!['x-kubernetes-group-version-kind']).to.deep.equal([
      { group: 'example.com', version: 'v1', kind: 'Widget' },
    ]);
    expect(doc.definitions['io.k8s.api.core.v1.ConfigMap']!['x-kubernetes-group-version-kind']).to.deep.equal(
      [{ group: '', version: 'v1', kind: 'ConfigMap' }],
    );
  });

  it('reads each JSON union into the oneof member its shape selects', () => {
    const msg = swaggerToGnostic(small) as {
      paths: { path: { value: { parameters: unknown[]; patch: { parameters: unknown[] } } }[] };
      definitions: {
        additional_properties: { value: { properties: { additional_properties: unknown[] } } }[];
      };
      security_definitions: { additional_properties: { value: Record<string, unknown> }[] };
    };
    const item = msg.paths.path[0]!.value;
    expect(Object.keys(item.parameters[0] as object)).to.deep.equal(['parameter']);
    expect(item.parameters[0]).to.have.nested.property(
      'parameter.non_body_parameter.path_parameter_sub_schema',
    );
    expect(item.patch.parameters[0]).to.have.nested.property('parameter.body_parameter');
    expect(item.patch.parameters[1]).to.deep.equal({
      json_reference: { _ref: '#/parameters/fieldValidation' },
    });
    const props = msg.definitions.additional_properties[0]!.value.properties.additional_properties;
    expect(props[0]).to.have.nested.property('value.additional_properties.schema');
    expect(props[3]).to.deep.include({ name: 'free' });
    expect(
      (props[3] as { value: { additional_properties: unknown } }).value.additional_properties,
    ).to.deep.equal({
      boolean: false,
    });
    expect(Object.keys(msg.security_definitions.additional_properties[0]!.value)).to.deep.equal([
      'api_key_security',
    ]);
  });

  it('leaves out what Swagger 2.0 has no field for instead of failing the document', () => {
    const doc = { swagger: '2.0', definitions: { A: { type: 'string', nullable: true, oneOf: [] } } };
    const back = decodeGnosticDocument(encodeSwaggerAsGnostic(doc));
    expect(back).to.deep.equal({ swagger: '2.0', definitions: { A: { type: 'string' } } });
    const type = gnosticType('Document');
    expect(type.verify(type.toObject(type.decode(encodeSwaggerAsGnostic(doc))))).to.equal(null);
  });

  it('quotes the free-form strings a YAML 1.1 reader would take for something else', () => {
    // go-yaml v2, which kubectl reads extensions with, takes a plain `on`/`y` for true and
    // reads Go-syntax numbers (`0o17`, `1_000`).
    for (const s of ['on', 'y', 'No', '0o17', '1_000', '12', '.5', '', 'true', 'null', '~'])
      expect(yamlOf(s), s).to.match(/^"/);
    expect(yamlOf('atomic')).to.equal('atomic\n');
    // As gnostic: single quotes where only the characters need quoting (kcp's document has `*`).
    expect(yamlOf('*')).to.equal("'*'\n");
    expect(yamlOf('a: b')).to.equal("'a: b'\n");
    expect(yamlOf('two\nlines')).to.equal('"two\\nlines"\n');
    expect(yamlOf({ a: { b: [1, 'x'] } })).to.equal('a:\n    b:\n        - 1\n        - x\n');
    for (const v of ['on', 'two\nlines', { a: [{}, [], null, 1.5] }, 'a: b', '- x', '#'])
      expect(parse(yamlOf(v), { version: '1.1' })).to.deep.equal(v);
  });
});
