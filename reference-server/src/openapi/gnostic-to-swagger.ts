// The reverse of swagger-to-gnostic.ts: protobuf bytes of an `openapi.v2.Document` back to the
// JSON document, as a client would read them (extensions and free-form values parsed from their
// YAML text). Used to check our answers against the JSON document and against kcp's; it reads
// any server's bytes, since gnostic-v2-schema.ts holds every message of the format.
//
// What proto3 cannot carry does not come back: zero scalars (`required: false`, `minimum: 0`),
// and a one-element `type` or `items` list comes back as the single value.

import protobuf from 'protobufjs';
import { parse } from 'yaml';
import { gnosticType } from './gnostic-v2-schema.js';
import { jsonKeyOf } from './swagger-to-gnostic.js';

type Json = Record<string, unknown>;
type Message = Record<string, unknown>;

export function decodeGnosticDocument(bytes: Uint8Array): Json {
  const type = gnosticType('Document');
  const msg = type.toObject(type.decode(bytes), { longs: Number, bytes: Array, defaults: false });
  return jsonOf('Document', msg) as Json;
}

const pairs = (list: unknown): { name: string; value?: unknown }[] =>
  (list ?? []) as { name: string; value?: unknown }[];

function namedToObject(list: unknown, valueType: string | undefined): Json {
  const out: Json = {};
  for (const { name, value } of pairs(list))
    out[name] = valueType === undefined ? value : jsonOf(valueType, value ?? {});
  return out;
}

const extensions = (list: unknown): Json => namedToObject(list, 'Any');

/** The set member of a oneof message, read as its own type. */
function member(typeName: string, msg: Message): unknown {
  const type = gnosticType(typeName);
  for (const field of type.fieldsArray) {
    const v = msg[field.name];
    if (v === undefined || v === null) continue;
    return field.resolvedType instanceof protobuf.Type ? jsonOf(field.resolvedType.name, v) : v;
  }
  return undefined;
}

const special: Readonly<Record<string, (msg: Message) => unknown>> = {
  Any: (m) => (typeof m.yaml === 'string' && m.yaml !== '' ? parse(m.yaml, { version: '1.1' }) : null),
  TypeItem: (m) => {
    const v = (m.value ?? []) as string[];
    return v.length === 1 ? v[0] : v;
  },
  ItemsItem: (m) => {
    const v = ((m.schema ?? []) as Message[]).map((s) => jsonOf('Schema', s));
    return v.length === 1 ? v[0] : v;
  },
  StringArray: (m) => (m.value ?? []) as string[],
  Paths: (m) => ({ ...extensions(m.vendor_extension), ...namedToObject(m.path, 'PathItem') }),
  Responses: (m) => ({
    ...namedToObject(m.response_code, 'ResponseValue'),
    ...extensions(m.vendor_extension),
  }),
  Definitions: (m) => namedToObject(m.additional_properties, 'Schema'),
  Properties: (m) => namedToObject(m.additional_properties, 'Schema'),
  ParameterDefinitions: (m) => namedToObject(m.additional_properties, 'Parameter'),
  ResponseDefinitions: (m) => namedToObject(m.additional_properties, 'Response'),
  SecurityDefinitions: (m) => namedToObject(m.additional_properties, 'SecurityDefinitionsItem'),
  Headers: (m) => namedToObject(m.additional_properties, 'Header'),
  Examples: (m) => extensions(m.additional_properties),
  Default: (m) => extensions(m.additional_properties),
  VendorExtension: (m) => extensions(m.additional_properties),
  Oauth2Scopes: (m) => namedToObject(m.additional_properties, undefined),
  SecurityRequirement: (m) => namedToObject(m.additional_properties, 'StringArray'),
};

for (const union of [
  'AdditionalPropertiesItem',
  'ParametersItem',
  'Parameter',
  'NonBodyParameter',
  'ResponseValue',
  'SchemaItem',
  'SecurityDefinitionsItem',
])
  (special as Record<string, (msg: Message) => unknown>)[union] = (m) => member(union, m);

function jsonOf(typeName: string, msg: unknown): unknown {
  const m = (msg ?? {}) as Message;
  if (Object.hasOwn(special, typeName)) return special[typeName]!(m);
  const type = gnosticType(typeName);
  const out: Json = {};
  for (const field of type.fieldsArray) {
    const v = m[field.name];
    if (v === undefined || v === null) continue;
    if (field.name === 'vendor_extension') {
      Object.assign(out, extensions(v));
      continue;
    }
    const nested = field.resolvedType;
    out[jsonKeyOf(field.name)] =
      nested instanceof protobuf.Type
        ? field.repeated
          ? (v as unknown[]).map((item) => jsonOf(nested.name, item))
          : jsonOf(nested.name, v)
        : v;
  }
  return out;
}

const mapKeywords = new Set([
  'properties',
  'definitions',
  'paths',
  'responses',
  'parameters',
  'securityDefinitions',
]);

/**
 * A JSON Swagger document as its protobuf form carries it, for comparing the two: the zero
 * scalars proto3 does not write are dropped (oneof members excepted). Free-form values (extensions, default, example,
 * enum) are kept whole, and the names in maps (properties, paths, ...) are never read as keywords.
 */
export function asCarriedByProtobuf(value: unknown, inMap = false): unknown {
  if (Array.isArray(value)) return value.map((v) => asCarriedByProtobuf(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (inMap) out[k] = asCarriedByProtobuf(v);
    else if (k.startsWith('x-') || k === 'default' || k === 'example' || k === 'enum') out[k] = v;
    // `additionalProperties: false` is a oneof member, which is written even when false.
    else if (v === false && k === 'additionalProperties') out[k] = v;
    else if (v === false || v === 0 || v === '') continue;
    else out[k] = asCarriedByProtobuf(v, mapKeywords.has(k));
  }
  return out;
}
