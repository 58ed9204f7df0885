// A small vocabulary for writing structural CRD schemas (apiextensions JSONSchemaProps) as
// compact TypeScript data. openapi/schema-dsl.ts builds OpenAPI component schemas (references
// between named definitions, descriptions required); a CRD's openAPIV3Schema is one inline,
// structural tree instead, so it gets its own helpers here.
//
// Every helper takes an optional `extra` merged over the node it builds (description, default,
// pattern, list type, validations, ...), so a field reads as one call.

import type { JSONSchemaProps, ValidationRule } from '../../apiextensions/schema-types.js';

/** The keys a helper may add to a node it builds; `type` is the helper's. */
export type Extra = Omit<JSONSchemaProps, 'type'>;

/** An object with declared properties. */
export function object(properties: Record<string, JSONSchemaProps>, extra: Extra = {}): JSONSchemaProps {
  return { type: 'object', properties, ...extra };
}

/** An object without declared properties: anything beyond `{}` is pruned. */
export function emptyObject(extra: Extra = {}): JSONSchemaProps {
  return { type: 'object', ...extra };
}

/** An object kept as written (x-kubernetes-preserve-unknown-fields). */
export function preserveUnknown(extra: Extra = {}): JSONSchemaProps {
  return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...extra };
}

/** map[string]string */
export function stringMap(extra: Extra = {}): JSONSchemaProps {
  return { type: 'object', additionalProperties: { type: 'string' }, ...extra };
}

export function string(extra: Extra = {}): JSONSchemaProps {
  return { type: 'string', ...extra };
}

/** A string in RFC 3339 form (metav1.Time). */
export function dateTime(extra: Extra = {}): JSONSchemaProps {
  return { type: 'string', format: 'date-time', ...extra };
}

/** Values limited to the given strings. */
export function stringEnum(values: string[], extra: Extra = {}): JSONSchemaProps {
  return { type: 'string', enum: values, ...extra };
}

export function bool(extra: Extra = {}): JSONSchemaProps {
  return { type: 'boolean', ...extra };
}

export function int32(extra: Extra = {}): JSONSchemaProps {
  return { type: 'integer', format: 'int32', ...extra };
}

export function int64(extra: Extra = {}): JSONSchemaProps {
  return { type: 'integer', format: 'int64', ...extra };
}

export function array(items: JSONSchemaProps, extra: Extra = {}): JSONSchemaProps {
  return { type: 'array', items, ...extra };
}

/** []string, atomic unless `extra` says otherwise. */
export function stringList(extra: Extra = {}): JSONSchemaProps {
  return array(string(), { 'x-kubernetes-list-type': 'atomic', ...extra });
}

/** A list of objects merged by the given keys (x-kubernetes-list-type: map). */
export function mapList(items: JSONSchemaProps, keys: string[], extra: Extra = {}): JSONSchemaProps {
  return array(items, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys, ...extra });
}

/** One x-kubernetes-validations entry. */
export function rule(expression: string, message: string): ValidationRule {
  return { rule: expression, message };
}

/** `oneOf` with one branch per field: exactly one of `fields` must be present. */
export function oneOfRequired(...fields: string[]): JSONSchemaProps[] {
  return fields.map((f) => ({ required: [f] }));
}

/**
 * The root of a kind's schema: apiVersion, kind, metadata (left to ObjectMeta's own handling),
 * then the kind's spec and status.
 */
export function kindRoot(
  description: string,
  fields: { spec: JSONSchemaProps; status?: JSONSchemaProps },
  extra: Extra = {},
): JSONSchemaProps {
  return object(
    {
      apiVersion: string({
        description: 'The versioned schema of this object; servers convert to the latest.',
      }),
      kind: string({ description: 'The REST resource this object represents, in CamelCase.' }),
      metadata: emptyObject(),
      spec: fields.spec,
      ...(fields.status ? { status: fields.status } : {}),
    },
    { description, ...extra },
  );
}
