// The patch strategies of a type's fields, as Kubernetes declares them with the patchStrategy and
// patchMergeKey struct tags in k8s.io/api (and metav1.ObjectMeta). A field that is not listed has
// no strategy: objects merge key by key, lists are replaced whole (atomic).

export interface FieldPatchMeta {
  /** 'merge' merges a list (by mergeKey for lists of objects); 'replace' replaces an object whole. */
  strategy?: 'merge' | 'replace';
  /** The `retainKeys` strategy (union types); no served type uses it today. */
  retainKeys?: boolean;
  /** The member identifying an element of a merged list of objects. */
  mergeKey?: string;
  /** The strategies inside the field's value (inside each element for lists). */
  schema?: PatchSchema;
}

export interface PatchSchema {
  /** Go struct name, used in error messages as the library names its schema. */
  name: string;
  fields: Record<string, FieldPatchMeta>;
}

const noFields: PatchSchema = { name: '', fields: {} };

/** The meta of field `key` of `schema`; an unknown field has no strategy. */
export function lookupField(schema: PatchSchema, key: string): FieldPatchMeta {
  return Object.prototype.hasOwnProperty.call(schema.fields, key) ? schema.fields[key]! : {};
}

export function subschema(meta: FieldPatchMeta): PatchSchema {
  return meta.schema ?? noFields;
}
