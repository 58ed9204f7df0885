// core/v1 kinds the server serves (and the ones it is about to serve: Event, ResourceQuota).
// Structure from k8s.io/api core/v1 types.go; descriptions are ours.

import {
  apiName,
  bool,
  bytesMap,
  int32,
  kind,
  listKind,
  object,
  ref,
  refList,
  str,
  stringList,
  stringMap,
  time,
  type Schema,
} from './schema-dsl.js';

const core = (k: string) => apiName('', 'v1', k);
const gvk = (k: string) => ({ group: '', version: 'v1', kind: k });
const microTime = (description: string) =>
  ref('io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime', description, false);
const quantityMap = (description: string): Schema => ({
  description,
  type: 'object',
  additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity', undefined, false),
});

/** A kind and its List, both with their group-version-kind. */
function withList(k: string, schema: Schema): Record<string, Schema> {
  return { [core(k)]: schema, [core(`${k}List`)]: listKind(gvk(`${k}List`), core(k), k) };
}

export const coreDefinitions: Record<string, Schema> = {
  ...withList(
    'ConfigMap',
    kind(gvk('ConfigMap'), 'Configuration data for workloads to consume.', {
      binaryData: bytesMap('Binary values by key, base64-encoded. Keys must not overlap with data.'),
      data: stringMap('UTF-8 values by key. Keys must not overlap with binaryData.'),
      immutable: bool('When true, data and binaryData cannot be changed any more.'),
    }),
  ),
  ...withList(
    'Secret',
    kind(gvk('Secret'), 'Sensitive data, such as passwords, tokens or keys.', {
      data: bytesMap('Secret values by key, base64-encoded.'),
      immutable: bool('When true, data cannot be changed any more.'),
      stringData: stringMap('Write-only convenience: plain-text values merged into data on write.'),
      type: str(
        'Used to facilitate programmatic handling of secret data, e.g. kubernetes.io/service-account-token.',
      ),
    }),
  ),
  ...withList(
    'ServiceAccount',
    kind(gvk('ServiceAccount'), 'An identity for processes, bound to a namespace.', {
      automountServiceAccountToken: bool('Whether pods using this account get an API token mounted.'),
      imagePullSecrets: refList(
        core('LocalObjectReference'),
        'Secrets used to pull images for pods using this account.',
      ),
      secrets: refList(core('ObjectReference'), 'Secrets pods running as this account may use.', {
        type: 'map',
        keys: ['name'],
        patchMergeKey: 'name',
      }),
    }),
  ),
  ...withList(
    'Namespace',
    kind(gvk('Namespace'), 'A scope for names, holding namespaced objects.', {
      spec: ref(core('NamespaceSpec'), 'The desired behaviour of the namespace.'),
      status: ref(core('NamespaceStatus'), 'The observed state of the namespace.'),
    }),
  ),
  [core('NamespaceSpec')]: object('The desired behaviour of a namespace.', {
    finalizers: stringList('Values that must be removed before the namespace is deleted from storage.'),
  }),
  [core('NamespaceStatus')]: object('The observed state of a namespace.', {
    conditions: refList(core('NamespaceCondition'), 'The latest observations of the namespace state.', {
      type: 'map',
      keys: ['type'],
      patchMergeKey: 'type',
    }),
    phase: str('Active or Terminating.'),
  }),
  [core('NamespaceCondition')]: object(
    'One observation of a namespace state.',
    {
      lastTransitionTime: time('When the condition last changed status.'),
      message: str('A human-readable explanation.'),
      reason: str('A machine-readable reason.'),
      status: { ...str('True, False or Unknown.'), default: '' },
      type: { ...str('The type of the condition.'), default: '' },
    },
    ['type', 'status'],
  ),
  [core('ObjectReference')]: {
    ...object('A reference to an object, with enough to find it.', {
      apiVersion: str('API version of the referent.'),
      fieldPath: str('A field of the referent, e.g. spec.containers{name}.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      namespace: str('Namespace of the referent.'),
      resourceVersion: str('The resourceVersion the reference is about.'),
      uid: str('UID of the referent.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('LocalObjectReference')]: {
    ...object('A reference to an object in the same namespace, by name.', {
      name: { ...str('Name of the referent.'), default: '' },
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  ...withList(
    'Event',
    kind(
      gvk('Event'),
      'A report of something that happened to an object.',
      {
        action: str('What action was taken or failed, machine-readable.'),
        count: int32('How many times the event occurred.'),
        eventTime: microTime('When the event was first observed.'),
        firstTimestamp: time('When the event was first recorded.'),
        involvedObject: ref(core('ObjectReference'), 'The object the event is about.'),
        lastTimestamp: time('When the event was last recorded.'),
        message: str('A human-readable description of the event.'),
        reason: str('A short, machine-readable reason for the transition.'),
        related: ref(core('ObjectReference'), 'A second object involved, if any.', false),
        reportingComponent: { ...str('The controller that emitted the event.'), default: '' },
        reportingInstance: { ...str('The instance of the controller that emitted the event.'), default: '' },
        series: ref(core('EventSeries'), 'Data about a series of repeated events.', false),
        source: ref(core('EventSource'), 'The component reporting the event.'),
        type: str('Normal or Warning.'),
      },
      ['metadata', 'involvedObject'],
    ),
  ),
  [core('EventSeries')]: object('A series of events that repeat.', {
    count: int32('Occurrences in the series so far.'),
    lastObservedTime: microTime('When the last occurrence was observed.'),
  }),
  [core('EventSource')]: object('The component an event came from.', {
    component: str('The component that generated the event.'),
    host: str('The node that generated the event.'),
  }),
  ...withList(
    'ResourceQuota',
    kind(gvk('ResourceQuota'), 'Limits on aggregate resource use in a namespace.', {
      spec: ref(core('ResourceQuotaSpec'), 'The desired quota.'),
      status: ref(core('ResourceQuotaStatus'), 'The enforced quota and current use.'),
    }),
  ),
  [core('ResourceQuotaSpec')]: object('The desired quota.', {
    hard: quantityMap('The hard limit for each named resource.'),
    scopeSelector: ref(
      core('ScopeSelector'),
      'Scopes, as expressions, objects must match to be counted.',
      false,
    ),
    scopes: stringList('Scopes objects must match to be counted.'),
  }),
  [core('ResourceQuotaStatus')]: object('The enforced quota and current use.', {
    hard: quantityMap('The enforced hard limit for each named resource.'),
    used: quantityMap('The current observed use of each named resource.'),
  }),
  [core('ScopeSelector')]: {
    ...object('Scope requirements that must all hold.', {
      matchExpressions: refList(core('ScopedResourceSelectorRequirement'), 'Requirements by scope.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('ScopedResourceSelectorRequirement')]: object(
    'A scope name, an operator and values.',
    {
      operator: { ...str('In, NotIn, Exists or DoesNotExist.'), default: '' },
      scopeName: { ...str('The scope the requirement applies to.'), default: '' },
      values: stringList('Values for In and NotIn.'),
    },
    ['scopeName', 'operator'],
  ),
};
