// Shared apimachinery definitions every group-version document may reference: object and list
// metadata, Status, DeleteOptions, Patch, WatchEvent and the scalar wrappers. Structure follows
// k8s.io/apimachinery meta/v1 types.go; the descriptions are ours.

import {
  bool,
  int32,
  int64,
  metaV1,
  object,
  ref,
  refList,
  str,
  stringList,
  stringMap,
  time,
  type Schema,
} from './schema-dsl.js';

const apiVersion = str('APIVersion is the versioned schema of this representation of an object.');
const kindField = str('Kind is the REST resource this object represents, in CamelCase.');

export const metaDefinitions: Record<string, Schema> = {
  [`${metaV1}Time`]: {
    description: 'A point in time, RFC 3339 in UTC with second precision.',
    type: 'string',
    format: 'date-time',
  },
  [`${metaV1}MicroTime`]: {
    description: 'A point in time with microsecond precision, RFC 3339.',
    type: 'string',
    format: 'date-time',
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    description: 'A fixed-point number with an optional SI or binary suffix, e.g. "1.5", "250m", "2Gi".',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': {
    description: 'An embedded object of any kind, serialized as JSON.',
    type: 'object',
  },
  [`${metaV1}FieldsV1`]: {
    description: 'A set of fields as a trie in JSON, in the format of sigs.k8s.io/structured-merge-diff.',
    type: 'object',
  },
  [`${metaV1}Patch`]: { description: 'The body of a PATCH request.', type: 'object' },
  [`${metaV1}ObjectMeta`]: object('Metadata every persisted resource has.', {
    annotations: stringMap('Unstructured key/value data stored with the object, not queryable.'),
    creationTimestamp: time('When the object was created, set by the server. Read-only.'),
    deletionGracePeriodSeconds: int64(
      'Seconds the object is allowed to terminate gracefully once deletion began. Read-only.',
    ),
    deletionTimestamp: time(
      'When the object will be deleted, set by the server when deletion is requested. Read-only.',
    ),
    finalizers: {
      ...stringList('Keys that must be empty before the object is removed from storage.', 'set'),
      'x-kubernetes-patch-strategy': 'merge',
    },
    generateName: str('A prefix the server uses to generate a unique name when name is empty.'),
    generation: int64('A sequence number for changes to the desired state, set by the server. Read-only.'),
    labels: stringMap('Key/value pairs used to organize and select objects.'),
    managedFields: refList(
      `${metaV1}ManagedFieldsEntry`,
      'Which field manager owns which fields, for server-side apply.',
    ),
    name: str(
      'Unique name within a namespace (or the cluster, for cluster-scoped kinds). Cannot be updated.',
    ),
    namespace: str('The namespace the object lives in; empty for cluster-scoped kinds. Cannot be updated.'),
    ownerReferences: refList(
      `${metaV1}OwnerReference`,
      'Objects this object depends on, for garbage collection.',
      {
        type: 'map',
        keys: ['uid'],
        patchMergeKey: 'uid',
      },
    ),
    resourceVersion: str(
      'An opaque value identifying the internal version of the object, for optimistic concurrency. Read-only.',
    ),
    selfLink: str('Deprecated and not set by the server.'),
    uid: str('A unique identifier of the object for its whole lifetime, set by the server. Read-only.'),
  }),
  [`${metaV1}ListMeta`]: object('Metadata of list responses.', {
    continue: str(
      'Set when more items are available; pass it back as the continue parameter to get the next page.',
    ),
    remainingItemCount: int64('An estimate of the items left after this page, when known.'),
    resourceVersion: str('The resource version the list was read at.'),
    selfLink: str('Deprecated and not set by the server.'),
    shardInfo: ref(
      `${metaV1}ShardInfo`,
      'Which shard of the collection this list covers, when sharded.',
      false,
    ),
  }),
  [`${metaV1}ShardInfo`]: object(
    'Describes a shard of a collection.',
    { selector: { ...str('The shard selector the list was filtered by.'), default: '' } },
    ['selector'],
  ),
  [`${metaV1}ManagedFieldsEntry`]: object('The fields one field manager owns, and how it set them.', {
    apiVersion: str('The version of the resource the fields were set through.'),
    fieldsType: str('The format of fieldsV1; always "FieldsV1".'),
    fieldsV1: ref(`${metaV1}FieldsV1`, 'The owned fields.', false),
    manager: str('The name of the field manager.'),
    operation: str('The kind of operation that set the fields: "Apply" or "Update".'),
    subresource: str('The subresource the fields were set through, empty for the main resource.'),
    time: time('When the fields were last changed by this manager.'),
  }),
  [`${metaV1}OwnerReference`]: object(
    'Identifies an owner of an object, in the same namespace or cluster-scoped.',
    {
      apiVersion: { ...str('API version of the owner.'), default: '' },
      blockOwnerDeletion: bool(
        'If true, the owner cannot be deleted from storage while this reference exists (foreground deletion).',
      ),
      controller: bool('If true, this owner is the managing controller.'),
      kind: { ...str('Kind of the owner.'), default: '' },
      name: { ...str('Name of the owner.'), default: '' },
      uid: { ...str('UID of the owner.'), default: '' },
    },
    ['apiVersion', 'kind', 'name', 'uid'],
  ),
  [`${metaV1}Status`]: {
    ...object('The result of an operation that does not return an object, or of a failed one.', {
      apiVersion,
      code: int32('The suggested HTTP status code.'),
      details: ref(`${metaV1}StatusDetails`, 'Extra data about the reason, depending on it.', false),
      kind: kindField,
      message: str('A human-readable description of the status.'),
      metadata: ref(`${metaV1}ListMeta`, 'Standard list metadata.'),
      reason: str('A machine-readable reason for a failure, e.g. NotFound or Conflict.'),
      status: str('"Success" or "Failure".'),
    }),
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Status' }],
  },
  [`${metaV1}StatusDetails`]: object('Details of a failure, naming the object concerned.', {
    causes: refList(`${metaV1}StatusCause`, 'The individual causes of the failure.'),
    group: str('The group of the resource concerned.'),
    kind: str('The kind of the resource concerned.'),
    name: str('The name of the resource concerned.'),
    retryAfterSeconds: int32('Seconds after which the client may retry.'),
    uid: str('The UID of the resource concerned.'),
  }),
  [`${metaV1}StatusCause`]: object('One cause of a failure.', {
    field: str('The field that caused the failure, as a JSON path.'),
    message: str('A human-readable description of the cause.'),
    reason: str('A machine-readable description of the cause.'),
  }),
  [`${metaV1}Preconditions`]: object('Conditions that must hold before an operation is carried out.', {
    resourceVersion: str('The resourceVersion the object must have.'),
    uid: str('The UID the object must have.'),
  }),
  [`${metaV1}DeleteOptions`]: object('Options of a delete request.', {
    apiVersion,
    dryRun: stringList('When set to ["All"], the deletion is checked but not persisted.'),
    gracePeriodSeconds: int64('Seconds before the object is deleted; zero deletes immediately.'),
    ignoreStoreReadErrorWithClusterBreakingPotential: bool(
      'Deletes an object that cannot be read from storage. Unsafe.',
    ),
    kind: kindField,
    orphanDependents: bool('Deprecated: use propagationPolicy.'),
    preconditions: ref(`${metaV1}Preconditions`, 'Conditions that must hold before the deletion.', false),
    propagationPolicy: str('How dependents are garbage collected: "Orphan", "Background" or "Foreground".'),
  }),
  [`${metaV1}WatchEvent`]: object(
    'One event of a watch stream.',
    {
      object: ref(
        'io.k8s.apimachinery.pkg.runtime.RawExtension',
        'The object the event is about, or a Status for errors.',
        false,
      ),
      type: { type: 'string', default: '' },
    },
    ['type', 'object'],
  ),
  [`${metaV1}LabelSelector`]: {
    ...object('A label query over a set of objects; an empty selector matches everything.', {
      matchExpressions: refList(`${metaV1}LabelSelectorRequirement`, 'Requirements that must all hold.'),
      matchLabels: stringMap('Labels that must all be present with these values.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${metaV1}LabelSelectorRequirement`]: object(
    'A selector requirement: a key, an operator and values.',
    {
      key: { ...str('The label key the requirement applies to.'), default: '' },
      operator: { ...str('One of In, NotIn, Exists and DoesNotExist.'), default: '' },
      values: stringList('Values for In and NotIn; empty for Exists and DoesNotExist.'),
    },
    ['key', 'operator'],
  ),
  [`${metaV1}Condition`]: object(
    'One aspect of the current state of an object.',
    {
      lastTransitionTime: time('When the condition last changed status.'),
      message: { ...str('A human-readable explanation.'), default: '' },
      observedGeneration: int64('The metadata.generation the condition was computed from.'),
      reason: { ...str('A CamelCase machine-readable reason for the last transition.'), default: '' },
      status: { ...str('True, False or Unknown.'), default: '' },
      type: { ...str('The type of the condition, in CamelCase.'), default: '' },
    },
    ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  ),
};
