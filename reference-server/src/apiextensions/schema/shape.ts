// JSON shape of a stored/posted JSONSchemaProps. Kubernetes decodes CRDs into Go structs, so a
// field of the wrong JSON type is a 400 decode error before any validation; this check finds
// the first such field so that callers can refuse the request the same way — and so that the
// engine never walks a malformed schema (a 500 would follow).

type Kind = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';

const FIELD_KINDS: Record<
  string,
  Kind | 'schema' | 'schemaMap' | 'schemaList' | 'schemaOrBool' | 'schemaOrArray' | 'stringList' | 'rules'
> = {
  type: 'string',
  format: 'string',
  description: 'string',
  title: 'string',
  pattern: 'string',
  $ref: 'string',
  $schema: 'string',
  id: 'string',
  'x-kubernetes-list-type': 'string',
  'x-kubernetes-map-type': 'string',
  maximum: 'number',
  minimum: 'number',
  multipleOf: 'number',
  maxLength: 'integer',
  minLength: 'integer',
  maxItems: 'integer',
  minItems: 'integer',
  maxProperties: 'integer',
  minProperties: 'integer',
  nullable: 'boolean',
  exclusiveMaximum: 'boolean',
  exclusiveMinimum: 'boolean',
  uniqueItems: 'boolean',
  'x-kubernetes-preserve-unknown-fields': 'boolean',
  'x-kubernetes-embedded-resource': 'boolean',
  'x-kubernetes-int-or-string': 'boolean',
  enum: 'array',
  required: 'stringList',
  'x-kubernetes-list-map-keys': 'stringList',
  properties: 'schemaMap',
  patternProperties: 'schemaMap',
  definitions: 'schemaMap',
  allOf: 'schemaList',
  anyOf: 'schemaList',
  oneOf: 'schemaList',
  not: 'schema',
  additionalProperties: 'schemaOrBool',
  additionalItems: 'schemaOrBool',
  items: 'schemaOrArray',
  'x-kubernetes-validations': 'rules',
  externalDocs: 'object',
};

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

function isKind(v: unknown, k: Kind): boolean {
  if (v === null) return true; // null decodes to the zero value
  switch (k) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'array':
      return Array.isArray(v);
    case 'object':
      return jsonKind(v) === 'object';
    default:
      return typeof v === k;
  }
}

function bad(path: string, v: unknown, want: string): string {
  return `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${path} of type ${want}`;
}

/** The decode error of the first mis-typed field below `path`, or undefined when well-formed. */
export function schemaShapeError(schema: unknown, path = 'JSONSchemaProps'): string | undefined {
  if (jsonKind(schema) !== 'object') return bad(path, schema, 'v1.JSONSchemaProps');
  const s = schema as Record<string, unknown>;
  for (const [key, value] of Object.entries(s)) {
    const kind = FIELD_KINDS[key];
    if (!kind || value === null || value === undefined) continue;
    const p = `${path}.${key}`;
    switch (kind) {
      case 'schema': {
        const e = schemaShapeError(value, p);
        if (e) return e;
        break;
      }
      case 'schemaMap':
        if (jsonKind(value) !== 'object') return bad(p, value, 'map[string]v1.JSONSchemaProps');
        for (const sub of Object.values(value as object)) {
          const e = schemaShapeError(sub, p);
          if (e) return e;
        }
        break;
      case 'schemaList':
        if (!Array.isArray(value)) return bad(p, value, '[]v1.JSONSchemaProps');
        for (const sub of value) {
          const e = schemaShapeError(sub, p);
          if (e) return e;
        }
        break;
      case 'schemaOrBool':
        if (typeof value !== 'boolean') {
          const e = schemaShapeError(value, p);
          if (e) return e;
        }
        break;
      case 'schemaOrArray':
        for (const sub of Array.isArray(value) ? value : [value]) {
          const e = schemaShapeError(sub, p);
          if (e) return e;
        }
        break;
      case 'stringList':
        if (!Array.isArray(value) || value.some((x) => typeof x !== 'string'))
          return bad(p, value, '[]string');
        break;
      case 'rules':
        if (!Array.isArray(value)) return bad(p, value, 'v1.ValidationRules');
        for (const r of value) {
          if (jsonKind(r) !== 'object') return bad(p, r, 'v1.ValidationRule');
          for (const f of ['rule', 'message', 'messageExpression', 'reason', 'fieldPath']) {
            const x = (r as Record<string, unknown>)[f];
            if (x !== undefined && x !== null && typeof x !== 'string') return bad(`${p}.${f}`, x, 'string');
          }
          const o = (r as Record<string, unknown>).optionalOldSelf;
          if (o !== undefined && o !== null && typeof o !== 'boolean')
            return bad(`${p}.optionalOldSelf`, o, 'bool');
        }
        break;
      default:
        if (!isKind(value, kind)) {
          const goType = {
            string: 'string',
            number: 'float64',
            integer: 'int64',
            boolean: 'bool',
            array: '[]v1.JSON',
            object: 'v1.ExternalDocumentation',
          }[kind];
          return bad(p, value, goType);
        }
    }
  }
  return undefined;
}
