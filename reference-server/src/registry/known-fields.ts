// The JSON fields each served type knows: for built-ins as the Go struct in k8s.io/api v0.36
// declares them (what kube-apiserver's strict decoding compares a body against for
// fieldValidation); for the kcp types kcp serves as CRDs (tenancy.kcp.io, core.kcp.io) as the
// structural schema of kcp's CRDs (config/crds) declares them, which kcp reports the same way.

import { objectMetaScalarFields } from '../api/object-meta-fields.js';

/** 'value': a scalar or a free-form map (labels, data): only duplicate keys are reported inside. */
export type KnownField = 'value' | { object: KnownFields } | { list: KnownField };
export type KnownFields = Readonly<Record<string, KnownField>>;

const list = (elem: KnownField): KnownField => ({ list: elem });
const object = (fields: KnownFields): KnownField => ({ object: fields });
const values = (...names: string[]): KnownFields => Object.fromEntries(names.map((n) => [n, 'value']));

const objectMeta = object({
  ...values(...objectMetaScalarFields, 'labels', 'annotations', 'finalizers'),
  ownerReferences: list(
    object(values('apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion')),
  ),
  managedFields: list(
    object(values('manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource')),
  ),
});

function kind(fields: KnownFields): KnownFields {
  return { apiVersion: 'value', kind: 'value', metadata: objectMeta, ...fields };
}

const policyRule = object(values('verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'));
const labelSelector = object({
  matchLabels: 'value',
  matchExpressions: list(object(values('key', 'operator', 'values'))),
});
const binding = kind({
  subjects: list(object(values('kind', 'apiGroup', 'name', 'namespace'))),
  roleRef: object(values('apiGroup', 'kind', 'name')),
});

const typeReference = object(values('name', 'path'));
const kcpCondition = object(values('type', 'status', 'severity', 'lastTransitionTime', 'reason', 'message'));
const kcpTypeSelection = object({ none: 'value', types: list(typeReference) });

const objectReference = object(
  values('kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'),
);
const eventSource = object(values('component', 'host'));
const eventSeries = object(values('count', 'lastObservedTime'));

/** By `group/resource` (core group: empty group). */
const knownFields: Readonly<Record<string, KnownFields>> = {
  '/namespaces': kind({
    spec: object(values('finalizers')),
    status: object({
      phase: 'value',
      conditions: list(object(values('type', 'status', 'lastTransitionTime', 'reason', 'message'))),
    }),
  }),
  '/configmaps': kind(values('data', 'binaryData', 'immutable')),
  '/secrets': kind(values('data', 'stringData', 'type', 'immutable')),
  '/serviceaccounts': kind({
    secrets: list(
      object(values('kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath')),
    ),
    imagePullSecrets: list(object(values('name'))),
    automountServiceAccountToken: 'value',
  }),
  'rbac.authorization.k8s.io/roles': kind({ rules: list(policyRule) }),
  'rbac.authorization.k8s.io/clusterroles': kind({
    rules: list(policyRule),
    aggregationRule: object({ clusterRoleSelectors: list(labelSelector) }),
  }),
  'rbac.authorization.k8s.io/rolebindings': binding,
  'rbac.authorization.k8s.io/clusterrolebindings': binding,
  '/events': kind({
    ...values('reason', 'message', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime'),
    ...values('action', 'reportingComponent', 'reportingInstance'),
    involvedObject: objectReference,
    source: eventSource,
    series: eventSeries,
    related: objectReference,
  }),
  'events.k8s.io/events': kind({
    ...values('eventTime', 'reportingController', 'reportingInstance', 'action', 'reason', 'note', 'type'),
    ...values('deprecatedFirstTimestamp', 'deprecatedLastTimestamp', 'deprecatedCount'),
    series: eventSeries,
    regarding: objectReference,
    related: objectReference,
    deprecatedSource: eventSource,
  }),
  '/resourcequotas': kind({
    spec: object({
      ...values('hard', 'scopes'),
      scopeSelector: object({ matchExpressions: list(object(values('scopeName', 'operator', 'values'))) }),
    }),
    status: object(values('hard', 'used')),
  }),
  'certificates.k8s.io/certificatesigningrequests': kind({
    spec: object(
      values('request', 'signerName', 'expirationSeconds', 'usages', 'username', 'uid', 'groups', 'extra'),
    ),
    status: object({
      conditions: list(
        object(values('type', 'status', 'reason', 'message', 'lastUpdateTime', 'lastTransitionTime')),
      ),
      certificate: 'value',
    }),
  }),
  'coordination.k8s.io/leases': kind({
    spec: object(
      values(
        'holderIdentity',
        'leaseDurationSeconds',
        'acquireTime',
        'renewTime',
        'leaseTransitions',
        'strategy',
        'preferredHolder',
      ),
    ),
  }),
  'tenancy.kcp.io/workspaces': kind({
    spec: object({
      type: typeReference,
      cluster: 'value',
      URL: 'value',
      location: object({ selector: labelSelector }),
      mount: object({ ref: object(values('apiVersion', 'kind', 'name', 'namespace')) }),
    }),
    status: object({
      phase: 'value',
      conditions: list(kcpCondition),
      initializers: 'value',
      terminators: 'value',
    }),
  }),
  'tenancy.kcp.io/workspacetypes': kind({
    spec: object({
      ...values('initializer', 'terminator', 'additionalWorkspaceLabels', 'defaultAPIBindingLifecycle'),
      extend: object({ with: list(typeReference) }),
      defaultChildWorkspaceType: typeReference,
      limitAllowedChildren: kcpTypeSelection,
      limitAllowedParents: kcpTypeSelection,
      defaultAPIBindings: list(object(values('path', 'export'))),
      authenticationConfigurations: list(object(values('name'))),
      initializerPermissions: list(policyRule),
      terminatorPermissions: list(policyRule),
    }),
    status: object({
      conditions: list(kcpCondition),
      virtualWorkspaces: list(object(values('type', 'url'))),
    }),
  }),
  'core.kcp.io/logicalclusters': kind({
    spec: object({
      ...values('directlyDeletable', 'initializers', 'terminators'),
      owner: object(values('apiVersion', 'resource', 'name', 'namespace', 'cluster', 'uid')),
      createdBy: object(values('username', 'uid', 'groups', 'extra')),
    }),
    status: object({
      ...values('URL', 'phase', 'initializers', 'terminators'),
      conditions: list(kcpCondition),
    }),
  }),
};

/** The known fields of a served type, or undefined when unknown fields are not checked for it. */
export function knownFieldsOf(group: string, resource: string): KnownFields | undefined {
  return knownFields[`${group}/${resource}`];
}
