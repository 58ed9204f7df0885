// admissionregistration.k8s.io/v1 and apiextensions.k8s.io/v1 kinds: top-level structure and
// the parts clients edit most; deeper parts are permissive objects. Structure from k8s.io/api
// admissionregistration/v1 and k8s.io/apiextensions-apiserver apiextensions/v1 types.go.

import {
  apiName,
  bool,
  bytes,
  int32,
  kind,
  listKind,
  metaV1,
  object,
  ref,
  refList,
  str,
  stringList,
  type Schema,
} from './schema-dsl.js';

const required = (s: Schema): Schema => ({ ...s, default: '' });
/** A nested structure described only by its purpose; any fields are kept. */
const open = (description: string): Schema => ({
  description,
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
});
const openList = (description: string): Schema => ({
  description,
  type: 'array',
  items: open(''),
  'x-kubernetes-list-type': 'atomic',
});

const ar = (k: string) => apiName('admissionregistration.k8s.io', 'v1', k);
const arGvk = (k: string) => ({ group: 'admissionregistration.k8s.io', version: 'v1', kind: k });
const arWithList = (k: string, schema: Schema): Record<string, Schema> => ({
  [ar(k)]: schema,
  [ar(`${k}List`)]: listKind(arGvk(`${k}List`), ar(k), k),
});
const byName = { type: 'map' as const, keys: ['name'], patchMergeKey: 'name' };

function webhook(mutating: boolean): Schema {
  return object(
    `A ${mutating ? 'mutating' : 'validating'} admission webhook and the requests it is called for.`,
    {
      admissionReviewVersions: stringList('AdmissionReview versions the webhook accepts, preferred first.'),
      clientConfig: ref(ar('WebhookClientConfig'), 'How to reach the webhook.'),
      failurePolicy: str('Ignore or Fail: what happens when the call fails.'),
      matchConditions: refList(
        ar('MatchCondition'),
        'CEL conditions that must all hold for the call.',
        byName,
      ),
      matchPolicy: str('Exact or Equivalent: how rules match requests for other versions.'),
      name: required(str('The fully qualified name of the webhook.')),
      namespaceSelector: ref(
        `${metaV1}LabelSelector`,
        'Namespaces whose objects are sent to the webhook.',
        false,
      ),
      objectSelector: ref(`${metaV1}LabelSelector`, 'Objects sent to the webhook, by labels.', false),
      ...(mutating
        ? { reinvocationPolicy: str('Never or IfNeeded: whether to call again after later mutations.') }
        : {}),
      rules: refList(ar('RuleWithOperations'), 'Operations and resources the webhook is called for.'),
      sideEffects: str('None or NoneOnDryRun.'),
      timeoutSeconds: int32('Timeout of the call, 1 to 30 seconds.'),
    },
    ['name', 'clientConfig', 'sideEffects', 'admissionReviewVersions'],
  );
}

export const admissionDefinitions: Record<string, Schema> = {
  ...arWithList(
    'ValidatingWebhookConfiguration',
    kind(arGvk('ValidatingWebhookConfiguration'), 'Admission webhooks that accept or reject requests.', {
      webhooks: refList(ar('ValidatingWebhook'), 'The webhooks.', byName),
    }),
  ),
  ...arWithList(
    'MutatingWebhookConfiguration',
    kind(arGvk('MutatingWebhookConfiguration'), 'Admission webhooks that may change or reject requests.', {
      webhooks: refList(ar('MutatingWebhook'), 'The webhooks.', byName),
    }),
  ),
  [ar('ValidatingWebhook')]: webhook(false),
  [ar('MutatingWebhook')]: webhook(true),
  [ar('WebhookClientConfig')]: object('How to reach a webhook: a URL or a service.', {
    caBundle: bytes('PEM-encoded CA bundle to verify the webhook server certificate.'),
    service: ref(ar('ServiceReference'), 'The service serving the webhook.', false),
    url: str('The https URL of the webhook.'),
  }),
  [ar('ServiceReference')]: object(
    'A service, by namespace and name.',
    {
      name: required(str('Name of the service.')),
      namespace: required(str('Namespace of the service.')),
      path: str('URL path requests are sent to.'),
      port: int32('Port of the service, 443 by default.'),
    },
    ['namespace', 'name'],
  ),
  [ar('RuleWithOperations')]: object('Operations on resources a rule matches.', {
    apiGroups: stringList('API groups; "*" for all.'),
    apiVersions: stringList('API versions; "*" for all.'),
    operations: stringList('CREATE, UPDATE, DELETE, CONNECT or "*".'),
    resources: stringList('Resources, e.g. "pods", "pods/status", "*".'),
    scope: str('Cluster, Namespaced or "*".'),
  }),
  [ar('MatchCondition')]: object(
    'A named CEL expression.',
    {
      expression: required(str('A CEL expression that evaluates to a boolean.')),
      name: required(str('The name of the condition.')),
    },
    ['name', 'expression'],
  ),
  ...arWithList(
    'ValidatingAdmissionPolicy',
    kind(arGvk('ValidatingAdmissionPolicy'), 'CEL validations applied to requests in-process.', {
      spec: ref(ar('ValidatingAdmissionPolicySpec'), 'The policy.'),
      status: open('Type checking results and conditions.'),
    }),
  ),
  [ar('ValidatingAdmissionPolicySpec')]: object('A validating admission policy.', {
    auditAnnotations: openList('Audit annotations added when the policy matches.'),
    failurePolicy: str('Ignore or Fail: what happens when evaluation fails.'),
    matchConditions: refList(ar('MatchCondition'), 'CEL conditions that must all hold.', byName),
    matchConstraints: open('The resources the policy applies to.'),
    paramKind: open('The kind of the parameter resource.'),
    validations: openList('CEL expressions that must hold.'),
    variables: openList('Named CEL expressions usable in validations.'),
  }),
  ...arWithList(
    'ValidatingAdmissionPolicyBinding',
    kind(
      arGvk('ValidatingAdmissionPolicyBinding'),
      'Binds a ValidatingAdmissionPolicy to resources and parameters.',
      {
        spec: ref(ar('ValidatingAdmissionPolicyBindingSpec'), 'The binding.'),
      },
    ),
  ),
  [ar('ValidatingAdmissionPolicyBindingSpec')]: object('A policy binding.', {
    matchResources: open('The resources the binding applies to.'),
    paramRef: open('The parameter resource.'),
    policyName: str('The name of the bound ValidatingAdmissionPolicy.'),
    validationActions: { ...stringList('Deny, Warn and/or Audit.', 'set') },
  }),
  // MutatingAdmissionPolicy(+Binding): top-level structure only.
  ...arWithList(
    'MutatingAdmissionPolicy',
    kind(arGvk('MutatingAdmissionPolicy'), 'CEL mutations applied to requests in-process.', {
      spec: open('The policy: match constraints, mutations, failure policy.'),
    }),
  ),
  ...arWithList(
    'MutatingAdmissionPolicyBinding',
    kind(
      arGvk('MutatingAdmissionPolicyBinding'),
      'Binds a MutatingAdmissionPolicy to resources and parameters.',
      {
        spec: open('The binding: policy name, match resources, parameters.'),
      },
    ),
  ),
};

const ae = (k: string) => `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.${k}`;
const aeGvk = (k: string) => ({ group: 'apiextensions.k8s.io', version: 'v1', kind: k });

export const apiextensionsDefinitions: Record<string, Schema> = {
  [ae('CustomResourceDefinition')]: kind(
    aeGvk('CustomResourceDefinition'),
    'Defines a custom resource type served by the API server.',
    {
      spec: ref(ae('CustomResourceDefinitionSpec'), 'The resource type.'),
      status: open('Accepted names, stored versions and conditions.'),
    },
    ['spec'],
  ),
  [ae('CustomResourceDefinitionList')]: listKind(
    aeGvk('CustomResourceDefinitionList'),
    ae('CustomResourceDefinition'),
    'CustomResourceDefinition',
  ),
  [ae('CustomResourceDefinitionSpec')]: object(
    'A custom resource type.',
    {
      conversion: open('How versions are converted into each other.'),
      group: required(str('The API group of the resource.')),
      names: ref(ae('CustomResourceDefinitionNames'), 'The names of the resource and kind.'),
      preserveUnknownFields: bool('Deprecated; must be false for apiextensions.k8s.io/v1.'),
      scope: required(str('Cluster or Namespaced.')),
      versions: refList(ae('CustomResourceDefinitionVersion'), 'The served versions.'),
    },
    ['group', 'names', 'scope', 'versions'],
  ),
  [ae('CustomResourceDefinitionNames')]: object(
    'Names of a custom resource and its kind.',
    {
      categories: stringList('Groups of resources the resource belongs to, e.g. "all".'),
      kind: required(str('The kind, in CamelCase.')),
      listKind: str('The kind of lists, "<kind>List" by default.'),
      plural: required(str('The plural resource name, lowercase.')),
      shortNames: stringList('Short aliases for kubectl.'),
      singular: str('The singular resource name, lowercase.'),
    },
    ['plural', 'kind'],
  ),
  [ae('CustomResourceDefinitionVersion')]: object(
    'One version of a custom resource.',
    {
      additionalPrinterColumns: openList('Extra columns of kubectl get.'),
      deprecated: bool('Whether the version is deprecated.'),
      deprecationWarning: str('The warning sent to clients of a deprecated version.'),
      name: required(str('The version name, e.g. v1.')),
      schema: open('The validation schema: openAPIV3Schema.'),
      selectableFields: openList('Fields usable in field selectors.'),
      served: { ...bool('Whether the version is served.'), default: false },
      storage: {
        ...bool('Whether objects are stored in this version; exactly one version.'),
        default: false,
      },
      subresources: open('The status and scale subresources.'),
    },
    ['name', 'served', 'storage'],
  ),
};
