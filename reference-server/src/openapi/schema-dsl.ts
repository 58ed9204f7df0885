// A small vocabulary for writing OpenAPI v3 component schemas as data. Definitions reference
// each other by name (`ref`), in the `allOf: [{$ref}]` form kube-openapi uses in v3 documents
// so a description can sit next to the reference; the v2 document rewrites them (to-v2.ts).

/** One OpenAPI schema object, as JSON. */
export type Schema = { [key: string]: unknown };

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export const componentsPrefix = '#/components/schemas/';

export const metaV1 = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

/** A named definition referenced from another schema. */
export function ref(name: string, description?: string, withDefault = true): Schema {
  return {
    ...(description !== undefined ? { description } : {}),
    ...(withDefault ? { default: {} } : {}),
    allOf: [{ $ref: componentsPrefix + name }],
  };
}

/** A reference to meta/v1 Time (a string; no default object). */
export function time(description: string): Schema {
  return ref(`${metaV1}Time`, description, false);
}

export function str(description: string, extra: Schema = {}): Schema {
  return { description, type: 'string', ...extra };
}

export function bool(description: string): Schema {
  return { description, type: 'boolean' };
}

export function int32(description: string): Schema {
  return { description, type: 'integer', format: 'int32' };
}

export function int64(description: string): Schema {
  return { description, type: 'integer', format: 'int64' };
}

/** map[string]string */
export function stringMap(description: string): Schema {
  return { description, type: 'object', additionalProperties: { type: 'string', default: '' } };
}

/** map[string][]byte, base64 strings on the wire. */
export function bytesMap(description: string): Schema {
  return { description, type: 'object', additionalProperties: { type: 'string', format: 'byte' } };
}

export function bytes(description: string): Schema {
  return { description, type: 'string', format: 'byte' };
}

/** []string; atomic unless said otherwise. */
export function stringList(description: string, listType: 'atomic' | 'set' = 'atomic'): Schema {
  return {
    description,
    type: 'array',
    items: { type: 'string', default: '' },
    'x-kubernetes-list-type': listType,
  };
}

/** A list of named definitions, with the list type and (for maps) the strategic-merge keys. */
export function refList(
  item: string,
  description: string,
  list: { type: 'atomic' } | { type: 'map'; keys: string[]; patchMergeKey?: string } = { type: 'atomic' },
): Schema {
  const schema: Schema = { description, type: 'array', items: ref(item) };
  schema['x-kubernetes-list-type'] = list.type;
  if (list.type === 'map') {
    schema['x-kubernetes-list-map-keys'] = list.keys;
    if (list.patchMergeKey !== undefined) {
      schema['x-kubernetes-patch-merge-key'] = list.patchMergeKey;
      schema['x-kubernetes-patch-strategy'] = 'merge';
    }
  }
  return schema;
}

/** A plain object definition (not a kind). */
export function object(description: string, properties: Record<string, Schema>, required?: string[]): Schema {
  return {
    description,
    type: 'object',
    ...(required?.length ? { required } : {}),
    properties: sortKeys(properties),
  };
}

const apiVersionProp = str(
  'APIVersion is the versioned schema of this representation of an object; servers convert recognized schemas to their latest internal value and may reject unrecognized ones.',
);
const kindProp = str(
  'Kind is the REST resource this object represents, in CamelCase. Servers may infer it from the endpoint the client submits requests to. Cannot be updated.',
);

/** A top-level kind: apiVersion, kind and metadata come with it, and its group-version-kind. */
export function kind(
  gvk: GroupVersionKind,
  description: string,
  properties: Record<string, Schema>,
  required?: string[],
): Schema {
  return {
    ...object(
      description,
      {
        apiVersion: apiVersionProp,
        kind: kindProp,
        metadata: ref(`${metaV1}ObjectMeta`, "Standard object's metadata."),
        ...properties,
      },
      required,
    ),
    'x-kubernetes-group-version-kind': [gvk],
  };
}

/** The List kind of `itemName`. */
export function listKind(gvk: GroupVersionKind, itemName: string, itemKind: string): Schema {
  return {
    ...object(
      `${gvk.kind} is a list of ${itemKind} objects.`,
      {
        apiVersion: apiVersionProp,
        kind: kindProp,
        metadata: ref(`${metaV1}ListMeta`, 'Standard list metadata.'),
        items: {
          description: `Items is the list of ${itemKind} objects.`,
          type: 'array',
          items: ref(itemName),
        },
      },
      ['items'],
    ),
    'x-kubernetes-group-version-kind': [gvk],
  };
}

/** Kube's definition names: io.k8s.api.<group prefix>.<version>.<Kind> for built-in API groups. */
export function apiName(group: string, version: string, kindName: string): string {
  const pkg = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\.authorization$/, '');
  return `io.k8s.api.${pkg}.${version}.${kindName}`;
}

/** The name kube-openapi gives a CRD-served kind: the group reversed, then version and kind. */
export function crdName(group: string, version: string, kindName: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kindName}`;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
