// Kinds of the smaller built-in groups: rbac, coordination, events, authentication,
// authorization and certificates. Structure from k8s.io/api <group>/v1 types.go; descriptions
// are ours.

import {
  apiName,
  bool,
  bytes,
  int32,
  int64,
  kind,
  listKind,
  metaV1,
  object,
  ref,
  refList,
  str,
  stringList,
  time,
  type Schema,
} from './schema-dsl.js';

const microTime = (description: string) => ref(`${metaV1}MicroTime`, description, false);
const required = (s: Schema): Schema => ({ ...s, default: '' });
const extraMap = (description: string): Schema => ({
  description,
  type: 'object',
  additionalProperties: { type: 'array', items: { type: 'string', default: '' } },
});

function group(g: string) {
  const name = (k: string) => apiName(g, 'v1', k);
  const gvk = (k: string) => ({ group: g, version: 'v1', kind: k });
  const withList = (k: string, schema: Schema): Record<string, Schema> => ({
    [name(k)]: schema,
    [name(`${k}List`)]: listKind(gvk(`${k}List`), name(k), k),
  });
  return { name, gvk, withList };
}

const rbac = group('rbac.authorization.k8s.io');
const rules = refList(rbac.name('PolicyRule'), 'The rules the role grants.');
const subjects = refList(rbac.name('Subject'), 'Who the role is bound to.');
const roleRef = ref(rbac.name('RoleRef'), 'The role bound. Cannot be updated.');

export const rbacDefinitions: Record<string, Schema> = {
  ...rbac.withList(
    'Role',
    kind(rbac.gvk('Role'), 'A namespaced set of rules, granted by RoleBindings.', { rules }),
  ),
  ...rbac.withList(
    'ClusterRole',
    kind(
      rbac.gvk('ClusterRole'),
      'A cluster-wide set of rules, granted by RoleBindings or ClusterRoleBindings.',
      {
        aggregationRule: ref(
          rbac.name('AggregationRule'),
          'Aggregates the rules of other ClusterRoles into this one.',
          false,
        ),
        rules,
      },
    ),
  ),
  ...rbac.withList(
    'RoleBinding',
    kind(
      rbac.gvk('RoleBinding'),
      'Grants the rules of a Role or ClusterRole in one namespace.',
      { roleRef, subjects },
      ['roleRef'],
    ),
  ),
  ...rbac.withList(
    'ClusterRoleBinding',
    kind(
      rbac.gvk('ClusterRoleBinding'),
      'Grants the rules of a ClusterRole cluster-wide.',
      { roleRef, subjects },
      ['roleRef'],
    ),
  ),
  [rbac.name('PolicyRule')]: object(
    'Verbs allowed on resources or non-resource URLs.',
    {
      apiGroups: stringList('API groups of the resources; "" is the core group, "*" all groups.'),
      nonResourceURLs: stringList(
        'Non-resource URL paths; a final "*" matches any suffix. ClusterRoles only.',
      ),
      resourceNames: stringList('Object names the rule is limited to; empty allows all.'),
      resources: stringList('Resources the rule applies to; "*" for all.'),
      verbs: stringList('Verbs the rule allows; "*" for all.'),
    },
    ['verbs'],
  ),
  [rbac.name('AggregationRule')]: object('Selects ClusterRoles whose rules are aggregated.', {
    clusterRoleSelectors: refList(
      `${metaV1}LabelSelector`,
      'ClusterRoles matching any selector are aggregated.',
    ),
  }),
  [rbac.name('RoleRef')]: {
    ...object(
      'The role a binding refers to.',
      {
        apiGroup: required(str('The group of the role: rbac.authorization.k8s.io.')),
        kind: required(str('Role or ClusterRole.')),
        name: required(str('The name of the role.')),
      },
      ['apiGroup', 'kind', 'name'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [rbac.name('Subject')]: {
    ...object(
      'A user, group or service account.',
      {
        apiGroup: str('"" for ServiceAccount, rbac.authorization.k8s.io for User and Group.'),
        kind: required(str('User, Group or ServiceAccount.')),
        name: required(str('The name of the subject.')),
        namespace: str('The namespace of a ServiceAccount subject.'),
      },
      ['kind', 'name'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
};

const coordination = group('coordination.k8s.io');
export const coordinationDefinitions: Record<string, Schema> = {
  ...coordination.withList(
    'Lease',
    kind(coordination.gvk('Lease'), 'A lease on a shared resource, held by one holder at a time.', {
      spec: ref(coordination.name('LeaseSpec'), 'The lease.'),
    }),
  ),
  [coordination.name('LeaseSpec')]: object('The holder and timing of a lease.', {
    acquireTime: microTime('When the current holder acquired the lease.'),
    holderIdentity: str('The identity of the current holder.'),
    leaseDurationSeconds: int32(
      'How long a candidate must wait before taking the lease over, since the last renewal.',
    ),
    leaseTransitions: int32('How many times the holder changed.'),
    preferredHolder: str('The holder the lease should move to (coordinated leader election).'),
    renewTime: microTime('When the holder last renewed the lease.'),
    strategy: str('The strategy used to pick a leader (coordinated leader election).'),
  }),
};

const events = group('events.k8s.io');
const coreRef = (k: string, d: string, withDefault = true) => ref(apiName('', 'v1', k), d, withDefault);
export const eventsDefinitions: Record<string, Schema> = {
  ...events.withList(
    'Event',
    kind(
      events.gvk('Event'),
      'A report of something that happened to an object.',
      {
        action: str('What action was taken or failed, machine-readable.'),
        deprecatedCount: int32('Deprecated field kept for core/v1 Event compatibility.'),
        deprecatedFirstTimestamp: time('Deprecated field kept for core/v1 Event compatibility.'),
        deprecatedLastTimestamp: time('Deprecated field kept for core/v1 Event compatibility.'),
        deprecatedSource: coreRef('EventSource', 'Deprecated field kept for core/v1 Event compatibility.'),
        eventTime: microTime('When the event was first observed. Required.'),
        note: str('A human-readable description of the event.'),
        reason: str('Why the action was taken, machine-readable.'),
        regarding: coreRef('ObjectReference', 'The object the event is about.'),
        related: coreRef('ObjectReference', 'A second object involved, if any.', false),
        reportingController: str('The controller that emitted the event.'),
        reportingInstance: str('The instance of the controller that emitted the event.'),
        series: ref(events.name('EventSeries'), 'Data about a series of repeated events.', false),
        type: str('Normal or Warning.'),
      },
      ['eventTime'],
    ),
  ),
  [events.name('EventSeries')]: object(
    'A series of events that repeat.',
    {
      count: { ...int32('Occurrences in the series so far.'), default: 0 },
      lastObservedTime: microTime('When the last occurrence was observed.'),
    },
    ['count', 'lastObservedTime'],
  ),
};

const authn = group('authentication.k8s.io');
export const authenticationDefinitions: Record<string, Schema> = {
  [authn.name('TokenRequest')]: kind(
    authn.gvk('TokenRequest'),
    'Requests a token for a service account.',
    {
      spec: ref(authn.name('TokenRequestSpec'), 'The token requested.'),
      status: ref(authn.name('TokenRequestStatus'), 'The token issued.'),
    },
    ['spec'],
  ),
  [authn.name('TokenRequestSpec')]: object(
    'The token requested.',
    {
      audiences: stringList('Audiences the token is meant for.'),
      boundObjectRef: ref(authn.name('BoundObjectReference'), 'An object the token is bound to.', false),
      expirationSeconds: int64('Requested validity of the token, in seconds.'),
    },
    ['audiences'],
  ),
  [authn.name('TokenRequestStatus')]: object(
    'The token issued.',
    {
      expirationTimestamp: time('When the token expires.'),
      token: required(str('The token.')),
    },
    ['token', 'expirationTimestamp'],
  ),
  [authn.name('BoundObjectReference')]: object('An object a token is bound to.', {
    apiVersion: str('API version of the referent.'),
    kind: str('Kind of the referent: Pod or Secret.'),
    name: str('Name of the referent.'),
    uid: str('UID of the referent.'),
  }),
  [authn.name('SelfSubjectReview')]: kind(
    authn.gvk('SelfSubjectReview'),
    'Asks who the caller is authenticated as.',
    {
      status: ref(authn.name('SelfSubjectReviewStatus'), 'The user the request was authenticated as.'),
    },
  ),
  [authn.name('SelfSubjectReviewStatus')]: object('The user a request was authenticated as.', {
    userInfo: ref(authn.name('UserInfo'), 'The user.'),
  }),
  [authn.name('UserInfo')]: object('An authenticated user.', {
    extra: extraMap('Extra information the authenticator provided.'),
    groups: stringList('The groups the user is in.'),
    uid: str('A unique value identifying the user across time.'),
    username: str('The name of the user.'),
  }),
};

const authz = group('authorization.k8s.io');
const attributes = {
  nonResourceAttributes: ref(authz.name('NonResourceAttributes'), 'A non-resource request to check.', false),
  resourceAttributes: ref(authz.name('ResourceAttributes'), 'A resource request to check.', false),
};
const reviewStatus = ref(authz.name('SubjectAccessReviewStatus'), 'The answer.');
export const authorizationDefinitions: Record<string, Schema> = {
  [authz.name('SubjectAccessReview')]: kind(
    authz.gvk('SubjectAccessReview'),
    'Asks whether a user may perform an action.',
    { spec: ref(authz.name('SubjectAccessReviewSpec'), 'The request to check.'), status: reviewStatus },
    ['spec'],
  ),
  [authz.name('LocalSubjectAccessReview')]: kind(
    authz.gvk('LocalSubjectAccessReview'),
    'Asks whether a user may perform an action in one namespace.',
    { spec: ref(authz.name('SubjectAccessReviewSpec'), 'The request to check.'), status: reviewStatus },
    ['spec'],
  ),
  [authz.name('SelfSubjectAccessReview')]: kind(
    authz.gvk('SelfSubjectAccessReview'),
    'Asks whether the caller may perform an action.',
    { spec: ref(authz.name('SelfSubjectAccessReviewSpec'), 'The request to check.'), status: reviewStatus },
    ['spec'],
  ),
  [authz.name('SelfSubjectRulesReview')]: kind(
    authz.gvk('SelfSubjectRulesReview'),
    'Lists what the caller may do in a namespace.',
    {
      spec: ref(authz.name('SelfSubjectRulesReviewSpec'), 'The namespace to list rules for.'),
      status: { description: 'The rules.', type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
    ['spec'],
  ),
  [authz.name('SelfSubjectRulesReviewSpec')]: object('The namespace to list rules for.', {
    namespace: str('The namespace.'),
  }),
  [authz.name('SubjectAccessReviewSpec')]: object('A request to check, and who makes it.', {
    ...attributes,
    extra: extraMap('Extra information of the user.'),
    groups: stringList('The groups of the user.'),
    uid: str('The UID of the user.'),
    user: str('The user to check.'),
  }),
  [authz.name('SelfSubjectAccessReviewSpec')]: object('A request to check for the caller.', attributes),
  [authz.name('ResourceAttributes')]: object('A resource request.', {
    group: str('The API group; "*" for all.'),
    name: str('The object name; empty for all.'),
    namespace: str('The namespace; empty for all (or cluster-scoped).'),
    resource: str('The resource; "*" for all.'),
    subresource: str('The subresource; empty for none.'),
    verb: str('The verb, e.g. get, list, create; "*" for all.'),
    version: str('The API version; "*" for all.'),
  }),
  [authz.name('NonResourceAttributes')]: object('A non-resource request.', {
    path: str('The URL path.'),
    verb: str('The HTTP verb, lowercase.'),
  }),
  [authz.name('SubjectAccessReviewStatus')]: object(
    'The answer of an access review.',
    {
      allowed: { ...bool('Whether the action is allowed.'), default: false },
      denied: bool('Whether the action is explicitly denied.'),
      evaluationError: str('An error met while checking, if any.'),
      reason: str('Why the action is allowed or denied.'),
    },
    ['allowed'],
  ),
};

const certificates = group('certificates.k8s.io');
export const certificatesDefinitions: Record<string, Schema> = {
  ...certificates.withList(
    'CertificateSigningRequest',
    kind(
      certificates.gvk('CertificateSigningRequest'),
      'A request for a signed X.509 certificate.',
      {
        spec: ref(certificates.name('CertificateSigningRequestSpec'), 'The certificate request. Immutable.'),
        status: ref(
          certificates.name('CertificateSigningRequestStatus'),
          'Approval state and the issued certificate.',
        ),
      },
      ['spec'],
    ),
  ),
  [certificates.name('CertificateSigningRequestSpec')]: object(
    'A certificate request.',
    {
      expirationSeconds: int32('Requested validity of the certificate, in seconds.'),
      extra: extraMap('Extra attributes of the requesting user. Set by the server.'),
      groups: stringList('Groups of the requesting user. Set by the server.'),
      request: { ...bytes('A PEM-encoded PKCS#10 CERTIFICATE REQUEST.'), 'x-kubernetes-list-type': 'atomic' },
      signerName: required(str('The signer asked to sign, e.g. kubernetes.io/kube-apiserver-client.')),
      uid: str('UID of the requesting user. Set by the server.'),
      usages: stringList('Key usages requested, e.g. "client auth".'),
      username: str('Name of the requesting user. Set by the server.'),
    },
    ['request', 'signerName'],
  ),
  [certificates.name('CertificateSigningRequestStatus')]: object('Approval state and issued certificate.', {
    certificate: { ...bytes('The issued certificate, PEM-encoded.'), 'x-kubernetes-list-type': 'atomic' },
    conditions: refList(
      certificates.name('CertificateSigningRequestCondition'),
      'Approved, Denied or Failed.',
      {
        type: 'map',
        keys: ['type'],
      },
    ),
  }),
  [certificates.name('CertificateSigningRequestCondition')]: object(
    'One condition of a certificate request.',
    {
      lastTransitionTime: time('When the condition last changed status.'),
      lastUpdateTime: time('When the condition was last updated.'),
      message: str('A human-readable explanation.'),
      reason: str('A machine-readable reason.'),
      status: required(str('True, False or Unknown.')),
      type: required(str('Approved, Denied or Failed.')),
    },
    ['type', 'status'],
  ),
};

const autoscaling = (k: string) => apiName('autoscaling', 'v1', k);
/** autoscaling/v1 Scale: the body of every scale subresource (CRDs with a scale subresource). */
export const scaleDefinitions: Record<string, Schema> = {
  [autoscaling('Scale')]: kind(
    { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    'The scale of a resource.',
    {
      spec: ref(autoscaling('ScaleSpec'), 'The desired scale.'),
      status: ref(autoscaling('ScaleStatus'), 'The current scale.'),
    },
  ),
  [autoscaling('ScaleSpec')]: object('The desired scale.', {
    replicas: int32('The desired number of instances.'),
  }),
  [autoscaling('ScaleStatus')]: object(
    'The current scale.',
    {
      replicas: { ...int32('The observed number of instances.'), default: 0 },
      selector: str('The label selector of the instances, in string form.'),
    },
    ['replicas'],
  ),
};
