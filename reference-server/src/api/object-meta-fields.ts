// The JSON fields of metav1.ObjectMeta, in the Go struct's order: one list for every place that
// must know them (strict decoding, pruning of custom resources, managed-fields type information).

/** The scalar fields (strings, numbers, timestamps). */
export const objectMetaScalarFields = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const;

/** Every field: the scalars, then the maps and lists. */
export const objectMetaFields: readonly string[] = [
  ...objectMetaScalarFields,
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];
