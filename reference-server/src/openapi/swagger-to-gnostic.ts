// From the JSON Swagger 2.0 document to gnostic's `openapi.v2.Document` message (see
// gnostic-v2-schema.ts), read the way gnostic's compiler reads the JSON that kube-openapi
// hands it before answering /openapi/v2 in protobuf:
// - a JSON key names the field of the same name in snake_case (`$ref` is `_ref`);
// - `x-...` keys become `vendor_extension` entries, and free-form values (default, example,
//   each enum item, each extension) an `Any` whose `yaml` is the value as YAML text;
// - maps (paths, definitions, properties, responses, ...) become lists of Named* pairs in the
//   document's key order; unions (parameters, responses, additionalProperties, types, items)
//   the oneof member their JSON shape selects;
// - proto3 writes no zero scalar, so `required: false`, `minimum: 0` or `description: ""` are
//   not on the wire (Go's encoder leaves them out as well; clients read them as unset).
// A key Swagger 2.0 has no field for is left out (gnostic refuses such a document whole).

import protobuf from 'protobufjs';
import { Document, Scalar, parse, visit } from 'yaml';
import { gnosticType } from './gnostic-v2-schema.js';

type Json = Record<string, unknown>;
/** A message as protobufjs `fromObject` takes it: field names in gnostic's snake_case. */
export type GnosticMessage = Record<string, unknown>;

/** The protobuf bytes of a JSON Swagger 2.0 document. */
export function encodeSwaggerAsGnostic(doc: Json): Buffer {
  // The message is built with the exact field types, so it is encoded as it is (no fromObject).
  return Buffer.from(gnosticType('Document').encode(swaggerToGnostic(doc)).finish());
}

export function swaggerToGnostic(doc: Json): GnosticMessage {
  return messageOf('Document', doc) as GnosticMessage;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

// Number-like strings, and strings with line breaks (the yaml package leaves NEL, LS and PS
// plain, and single-quotes \n as a doubled line).
const needsQuotes = /^[-+.]?[0-9]|[\n\u0085\u2028\u2029]/;
const nullWords = /^(~|null|Null|NULL|)$/;

/** True when the string, written plain, would read back as a number, boolean, null or time. */
function readsAsAnotherType(s: string): boolean {
  if (needsQuotes.test(s) || nullWords.test(s)) return true;
  try {
    const v: unknown = parse(s, { version: '1.1', logLevel: 'silent' });
    return typeof v === 'number' || typeof v === 'boolean' || v instanceof Date;
  } catch {
    return false;
  }
}

/**
 * A free-form value as YAML text, as gnostic writes it: block style, four-space indent, double
 * quotes for a string that would read as another type, single quotes for one that only needs
 * quoting for its characters (`*`, `a: b`). Two deliberate differences, for clients reading with a
 * YAML 1.1 parser (go-yaml v2): `on`, `y` and Go-syntax numbers (`0o17`, `1_000`) are quoted,
 * which gnostic's YAML 1.2 rules leave plain (so kubectl would read true or 15); multi-line
 * strings are double-quoted rather than block literals.
 */
export function yamlOf(value: unknown): string {
  const doc = new Document(value, { version: '1.1' });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && readsAsAnotherType(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0, indent: 4, blockQuote: false, singleQuote: true });
}

// A document repeats the same few values thousands of times (`default: {}`, list types, group
// version kinds); rendering each once keeps the conversion of a whole document fast.
const yamlCache = new Map<string, string>();

function anyOf(value: unknown): GnosticMessage {
  const key = JSON.stringify(value) ?? 'null';
  let yaml = yamlCache.get(key);
  if (yaml === undefined) {
    yaml = yamlOf(value);
    if (yamlCache.size >= 4096) yamlCache.clear();
    yamlCache.set(key, yaml);
  }
  return { yaml };
}

function namedAny(entries: [string, unknown][]): GnosticMessage[] {
  return entries.map(([name, value]) => ({ name, value: anyOf(value) }));
}

const extensionsOf = (o: Json) => Object.entries(o).filter(([k]) => k.startsWith('x-'));

/** A JSON map as a list of `{name, value}` pairs, each value read as message `valueType`. */
function named(o: unknown, valueType: string, keep: (key: string) => boolean = () => true) {
  if (!isObject(o)) return [];
  return Object.entries(o)
    .filter(([k]) => keep(k))
    .map(([name, v]) => ({ name, value: messageOf(valueType, v) }));
}

const isStatusCode = (k: string) => /^([0-9]{3})$|^(default)$/.test(k);

/** Messages whose JSON form is not an object of their fields. */
const special: Readonly<Record<string, (v: unknown) => GnosticMessage | undefined>> = {
  Any: anyOf,
  TypeItem: (v) => ({ value: Array.isArray(v) ? v.map(String) : [String(v)] }),
  ItemsItem: (v) => ({
    schema: (Array.isArray(v) ? v : [v]).map((s) => messageOf('Schema', s)),
  }),
  AdditionalPropertiesItem: (v) =>
    typeof v === 'boolean' ? { boolean: v } : { schema: messageOf('Schema', v) },
  StringArray: (v) => ({ value: Array.isArray(v) ? v.map(String) : [] }),
  Paths: (v) =>
    isObject(v)
      ? {
          vendor_extension: namedAny(extensionsOf(v)),
          path: named(v, 'PathItem', (k) => k.startsWith('/')),
        }
      : undefined,
  Responses: (v) =>
    isObject(v)
      ? {
          response_code: named(v, 'ResponseValue', isStatusCode),
          vendor_extension: namedAny(extensionsOf(v)),
        }
      : undefined,
  Definitions: (v) => ({ additional_properties: named(v, 'Schema') }),
  Properties: (v) => ({ additional_properties: named(v, 'Schema') }),
  ParameterDefinitions: (v) => ({ additional_properties: named(v, 'Parameter') }),
  ResponseDefinitions: (v) => ({ additional_properties: named(v, 'Response') }),
  SecurityDefinitions: (v) => ({ additional_properties: named(v, 'SecurityDefinitionsItem') }),
  Headers: (v) => ({ additional_properties: named(v, 'Header') }),
  Examples: (v) => ({ additional_properties: isObject(v) ? namedAny(Object.entries(v)) : [] }),
  Default: (v) => ({ additional_properties: isObject(v) ? namedAny(Object.entries(v)) : [] }),
  VendorExtension: (v) => ({ additional_properties: isObject(v) ? namedAny(Object.entries(v)) : [] }),
  Oauth2Scopes: (v) => ({
    additional_properties: isObject(v)
      ? Object.entries(v).map(([name, s]) => ({ name, value: String(s) }))
      : [],
  }),
  SecurityRequirement: (v) => ({ additional_properties: named(v, 'StringArray') }),
  // Unions: the JSON shape picks the member.
  ParametersItem: (v) =>
    isObject(v) && '$ref' in v
      ? { json_reference: messageOf('JsonReference', v) }
      : { parameter: messageOf('Parameter', v) },
  Parameter: (v) =>
    isObject(v) && v.in === 'body'
      ? { body_parameter: messageOf('BodyParameter', v) }
      : { non_body_parameter: messageOf('NonBodyParameter', v) },
  NonBodyParameter: (v) => {
    const member = isObject(v) ? own(nonBodyMembers, String(v.in)) : undefined;
    return member ? { [member[0]]: messageOf(member[1], v) } : undefined;
  },
  ResponseValue: (v) =>
    isObject(v) && '$ref' in v
      ? { json_reference: messageOf('JsonReference', v) }
      : { response: messageOf('Response', v) },
  SchemaItem: (v) => ({ schema: messageOf('Schema', v) }),
  SecurityDefinitionsItem: (v) => {
    const member = isObject(v) ? securityMember(v) : undefined;
    return member ? { [member[0]]: messageOf(member[1], v) } : undefined;
  },
};

const nonBodyMembers: Readonly<Record<string, [string, string]>> = {
  header: ['header_parameter_sub_schema', 'HeaderParameterSubSchema'],
  formData: ['form_data_parameter_sub_schema', 'FormDataParameterSubSchema'],
  query: ['query_parameter_sub_schema', 'QueryParameterSubSchema'],
  path: ['path_parameter_sub_schema', 'PathParameterSubSchema'],
};

const oauth2Members: Readonly<Record<string, [string, string]>> = {
  implicit: ['oauth2_implicit_security', 'Oauth2ImplicitSecurity'],
  password: ['oauth2_password_security', 'Oauth2PasswordSecurity'],
  application: ['oauth2_application_security', 'Oauth2ApplicationSecurity'],
  accessCode: ['oauth2_access_code_security', 'Oauth2AccessCodeSecurity'],
};

function securityMember(v: Json): [string, string] | undefined {
  if (v.type === 'basic') return ['basic_authentication_security', 'BasicAuthenticationSecurity'];
  if (v.type === 'apiKey') return ['api_key_security', 'ApiKeySecurity'];
  return v.type === 'oauth2' ? own(oauth2Members, String(v.flow)) : undefined;
}

// Keys come from documents: `constructor` must not find Object.prototype's.
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The JSON key of a field: gnostic's snake_case in camelCase, `_ref` as `$ref`. */
export function jsonKeyOf(fieldName: string): string {
  if (fieldName === '_ref') return '$ref';
  return fieldName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

const fieldsByJSONKey = new Map<string, ReadonlyMap<string, protobuf.Field>>();

function fieldsOf(type: protobuf.Type): ReadonlyMap<string, protobuf.Field> {
  let m = fieldsByJSONKey.get(type.name);
  if (!m) {
    m = new Map(
      type.fieldsArray.filter((f) => f.name !== 'vendor_extension').map((f) => [jsonKeyOf(f.name), f]),
    );
    fieldsByJSONKey.set(type.name, m);
  }
  return m;
}

/** A JSON value read as gnostic message `typeName`; undefined when it cannot be one. */
function messageOf(typeName: string, value: unknown): GnosticMessage | undefined {
  const convert = own(special, typeName);
  if (convert) return convert(value);
  if (!isObject(value)) return undefined;
  const type = gnosticType(typeName);
  const fields = fieldsOf(type);
  const out: GnosticMessage = {};
  const extensions: [string, unknown][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('x-') && type.fields.vendor_extension) {
      extensions.push([key, v]);
      continue;
    }
    const field = fields.get(key);
    if (!field) continue;
    const converted = fieldValue(field, v);
    if (converted !== undefined) out[field.name] = converted;
  }
  if (extensions.length) out.vendor_extension = namedAny(extensions);
  return out;
}

function fieldValue(field: protobuf.Field, v: unknown): unknown {
  const nested = field.resolvedType;
  if (nested instanceof protobuf.Type) {
    if (field.repeated) {
      if (!Array.isArray(v)) return undefined;
      return v.map((item) => messageOf(nested.name, item)).filter((m) => m !== undefined);
    }
    return messageOf(nested.name, v);
  }
  if (field.repeated) return Array.isArray(v) ? v.map((item) => scalar(field.type, item)) : undefined;
  const s = scalar(field.type, v);
  // proto3: a zero scalar is not written.
  return s === '' || s === 0 || s === false ? undefined : s;
}

function scalar(protoType: string, v: unknown): unknown {
  switch (protoType) {
    case 'string':
      return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
    case 'bool':
      return v === true;
    case 'double':
      return typeof v === 'number' ? v : 0;
    default:
      // int64: counts such as maxLength; JSON numbers past 2^53 are already rounded.
      return typeof v === 'number' ? Math.trunc(v) : 0;
  }
}
