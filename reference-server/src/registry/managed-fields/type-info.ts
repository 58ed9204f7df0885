// What server-side apply needs to know about a type's shape: which objects are structs (named
// fields) and which are maps (free keys), which lists are associative (keyed by some fields),
// sets of scalars, or atomic, and which maps are atomic. For built-in types it is derived from
// the known fields (known-fields.ts) and the patch strategies (strategic-merge/schemas.ts): a
// list merged by a key is a map-list with that key, a merged list without a key is a set, every
// other list is atomic, as kube's list-type markers say for the types served here. For
// CRD-served types it comes from the structural schema's x-kubernetes-list-type,
// -list-map-keys and -map-type (lists default to atomic, as for CRDs upstream).

import { objectMetaScalarFields } from '../../api/object-meta-fields.js';
import type { JSONSchemaProps } from '../../apiextensions/schema-types.js';
import { type KnownField, knownFieldsOf } from '../known-fields.js';
import type { ResourceType } from '../resource-type.js';
import { type FieldPatchMeta, lookupField } from '../strategic-merge/patch-meta.js';
import { strategicPatchSchema } from '../strategic-merge/schemas.js';

export type TypeNode =
  | { kind: 'scalar' }
  /**
   * Named fields; a key that is not named is untyped (kept unknown fields), or, when `closed`
   * (Go structs of built-in types), not declared: an apply configuration may not hold it.
   */
  | {
      kind: 'struct';
      fields: Record<string, TypeNode>;
      atomic?: boolean;
      closed?: boolean;
      /** A Go struct of a built-in type: empty maps are omitted, nested structs always present. */
      go?: boolean;
    }
  | { kind: 'map'; values: TypeNode; atomic?: boolean }
  | { kind: 'list'; listType: 'atomic' | 'set' | 'map'; keys?: string[]; items: TypeNode }
  /** Deduced from the value: objects are granular maps of untyped values, lists are atomic. */
  | { kind: 'untyped' };

export const untyped: TypeNode = { kind: 'untyped' };
const scalar: TypeNode = { kind: 'scalar' };

const objectMetaListTypes: Record<string, TypeNode> = {
  finalizers: { kind: 'list', listType: 'set', items: scalar },
  ownerReferences: { kind: 'list', listType: 'map', keys: ['uid'], items: untyped },
  managedFields: { kind: 'list', listType: 'atomic', items: untyped },
};

/** metadata as every type has it (labels and annotations are granular maps). */
export const objectMetaNode: TypeNode = {
  kind: 'struct',
  closed: true,
  go: true,
  fields: {
    ...Object.fromEntries(objectMetaScalarFields.map((n) => [n, scalar])),
    labels: { kind: 'map', values: scalar },
    annotations: { kind: 'map', values: scalar },
    ...objectMetaListTypes,
  },
};

/** `meta`: the patch strategy of the field holding `known` (for elements: of the list). */
function fromKnown(known: KnownField, meta: FieldPatchMeta): TypeNode {
  const merged = (items: TypeNode): TypeNode =>
    meta.mergeKey
      ? { kind: 'list', listType: 'map', keys: [meta.mergeKey], items }
      : { kind: 'list', listType: 'set', items };
  if (known === 'value')
    return meta.strategy === 'merge' ? merged(meta.mergeKey ? untyped : scalar) : untyped;
  if ('list' in known) {
    const items = fromKnown(known.list, meta.schema ? { schema: meta.schema } : {});
    return meta.strategy === 'merge' ? merged(items) : { kind: 'list', listType: 'atomic', items };
  }
  const fields: Record<string, TypeNode> = {};
  for (const [field, k] of Object.entries(known.object))
    fields[field] = fromKnown(k, meta.schema ? lookupField(meta.schema, field) : {});
  return { kind: 'struct', fields, closed: true, go: true };
}

/** The TypeNode of a structural schema node. */
export function fromSchema(schema: JSONSchemaProps): TypeNode {
  if (schema.type === 'array') {
    const listType = schema['x-kubernetes-list-type'] ?? 'atomic';
    const items = schema.items ? fromSchema(schema.items) : untyped;
    return listType === 'map'
      ? { kind: 'list', listType, keys: schema['x-kubernetes-list-map-keys'] ?? [], items }
      : { kind: 'list', listType, items };
  }
  if (schema.type === 'object' || schema.properties || schema.additionalProperties) {
    const atomic = schema['x-kubernetes-map-type'] === 'atomic';
    if (schema.properties) {
      const fields: Record<string, TypeNode> = {};
      for (const [name, prop] of Object.entries(schema.properties)) fields[name] = fromSchema(prop);
      const closed = !schema['x-kubernetes-preserve-unknown-fields'];
      return { kind: 'struct', fields, ...(atomic ? { atomic } : {}), ...(closed ? { closed } : {}) };
    }
    if (typeof schema.additionalProperties === 'object')
      return { kind: 'map', values: fromSchema(schema.additionalProperties), ...(atomic ? { atomic } : {}) };
    return atomic ? { kind: 'map', values: untyped, atomic } : untyped;
  }
  if (schema['x-kubernetes-preserve-unknown-fields']) return untyped;
  return scalar;
}

const cache = new WeakMap<ResourceType, TypeNode>();

/** The shape of a whole object of `type`. */
export function typeNodeOf(type: ResourceType): TypeNode {
  let node = cache.get(type);
  if (!node) cache.set(type, (node = buildTypeNode(type)));
  return node;
}

function buildTypeNode(type: ResourceType): TypeNode {
  if (type.schema) {
    const root = fromSchema(type.schema);
    const fields = root.kind === 'struct' ? { ...root.fields } : {};
    const closed = root.kind === 'struct' && root.closed === true;
    return {
      kind: 'struct',
      fields: { ...fields, apiVersion: scalar, kind: scalar, metadata: objectMetaNode },
      ...(closed ? { closed } : {}),
    };
  }
  const known = knownFieldsOf(type.group, type.names.plural);
  if (!known)
    return { kind: 'struct', fields: { apiVersion: scalar, kind: scalar, metadata: objectMetaNode } };
  const smp = strategicPatchSchema(type.group, type.names.plural);
  const root = fromKnown({ object: known }, smp ? { schema: smp } : {}) as Extract<
    TypeNode,
    { kind: 'struct' }
  >;
  return { kind: 'struct', fields: { ...root.fields, metadata: objectMetaNode }, closed: true, go: true };
}
