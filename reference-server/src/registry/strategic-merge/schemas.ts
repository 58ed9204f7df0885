// Strategic merge patch strategies of the built-in types served here, from the patchStrategy /
// patchMergeKey tags of k8s.io/api v0.36 and apimachinery's ObjectMeta. Types kcp serves through
// CRDs (tenancy.kcp.io, core.kcp.io) have no entry: kube's crdHandler refuses SMP for them (415).

import type { PatchSchema } from './patch-meta.js';

const objectMeta: PatchSchema = {
  name: 'ObjectMeta',
  fields: {
    finalizers: { strategy: 'merge' },
    ownerReferences: { strategy: 'merge', mergeKey: 'uid' },
  },
};

/** A type whose only tagged fields are in its metadata (ConfigMap, Secret, RBAC, Lease ...). */
function metadataOnly(name: string): PatchSchema {
  return { name, fields: { metadata: { schema: objectMeta } } };
}

const serviceAccount: PatchSchema = {
  name: 'ServiceAccount',
  fields: {
    metadata: { schema: objectMeta },
    // ServiceAccount.secrets merges by name; imagePullSecrets has no tag, so it is atomic.
    secrets: { strategy: 'merge', mergeKey: 'name' },
  },
};

const namespace: PatchSchema = {
  name: 'Namespace',
  fields: {
    metadata: { schema: objectMeta },
    status: {
      schema: { name: 'NamespaceStatus', fields: { conditions: { strategy: 'merge', mergeKey: 'type' } } },
    },
  },
};

const byName = { strategy: 'merge', mergeKey: 'name' } as const;

/** Webhook configurations merge their webhooks, and each webhook its matchConditions, by name. */
function webhookConfiguration(name: string, webhook: string): PatchSchema {
  return {
    name,
    fields: {
      metadata: { schema: objectMeta },
      webhooks: { ...byName, schema: { name: webhook, fields: { matchConditions: byName } } },
    },
  };
}

/** Admission policies merge spec.matchConditions (and, validating, spec.variables) by name. */
function admissionPolicy(name: string, spec: PatchSchema['fields']): PatchSchema {
  return {
    name,
    fields: { metadata: { schema: objectMeta }, spec: { schema: { name: `${name}Spec`, fields: spec } } },
  };
}

/** By `group/resource` (core group: empty group). PolicyRule lists and subjects are atomic. */
const schemas: Readonly<Record<string, PatchSchema>> = {
  '/namespaces': namespace,
  '/configmaps': metadataOnly('ConfigMap'),
  '/secrets': metadataOnly('Secret'),
  '/serviceaccounts': serviceAccount,
  'rbac.authorization.k8s.io/roles': metadataOnly('Role'),
  'rbac.authorization.k8s.io/clusterroles': metadataOnly('ClusterRole'),
  'rbac.authorization.k8s.io/rolebindings': metadataOnly('RoleBinding'),
  'rbac.authorization.k8s.io/clusterrolebindings': metadataOnly('ClusterRoleBinding'),
  'coordination.k8s.io/leases': metadataOnly('Lease'),
  '/events': metadataOnly('Event'),
  'events.k8s.io/events': metadataOnly('Event'),
  '/resourcequotas': metadataOnly('ResourceQuota'),
  'certificates.k8s.io/certificatesigningrequests': metadataOnly('CertificateSigningRequest'),
  'admissionregistration.k8s.io/validatingwebhookconfigurations': webhookConfiguration(
    'ValidatingWebhookConfiguration',
    'ValidatingWebhook',
  ),
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': webhookConfiguration(
    'MutatingWebhookConfiguration',
    'MutatingWebhook',
  ),
  'admissionregistration.k8s.io/validatingadmissionpolicies': admissionPolicy('ValidatingAdmissionPolicy', {
    matchConditions: byName,
    variables: byName,
  }),
  'admissionregistration.k8s.io/mutatingadmissionpolicies': admissionPolicy('MutatingAdmissionPolicy', {
    matchConditions: byName,
  }),
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': metadataOnly(
    'ValidatingAdmissionPolicyBinding',
  ),
  'admissionregistration.k8s.io/mutatingadmissionpolicybindings': metadataOnly(
    'MutatingAdmissionPolicyBinding',
  ),
  // apiextensions/v1 declares no patch strategies: every list of a CRD is replaced whole.
  'apiextensions.k8s.io/customresourcedefinitions': metadataOnly('CustomResourceDefinition'),
};

/** The strategies of a served type, or undefined when it does not accept strategic merge patch. */
export function strategicPatchSchema(group: string, resource: string): PatchSchema | undefined {
  return schemas[`${group}/${resource}`];
}
