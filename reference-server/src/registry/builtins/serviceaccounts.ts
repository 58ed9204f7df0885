// core/v1 ServiceAccount, as kube-apiserver serves it (pkg/registry/core/serviceaccount):
// DNS-1123 subdomain names and nothing else to validate (ValidateServiceAccount is ObjectMeta
// only); on create and update the strategy keeps only the name of each `secrets` reference
// (cleanSecretReferences). Table (printServiceAccount): Name, Secrets (count), Age.
// The `token` subresource (TokenRequest) stores nothing and is served by authn/token-request.ts
// through the resource handler's subresource creators.

import type { KubeObject } from '../../api/types.js';
import { ageColumn } from '../columns.js';
import type { ResourceType } from '../resource-type.js';
import { type GoType, checkGoDecodable, goString } from './go-compat.js';

const decodedFields: Record<string, GoType> = {
  secrets: {
    kind: 'slice',
    elem: {
      kind: 'struct',
      name: 'v1.ObjectReference',
      fields: {
        kind: goString,
        namespace: goString,
        name: goString,
        uid: { kind: 'string', name: 'types.UID' },
        apiVersion: goString,
        resourceVersion: goString,
        fieldPath: goString,
      },
    },
  },
  imagePullSecrets: {
    kind: 'slice',
    elem: { kind: 'struct', name: 'v1.LocalObjectReference', fields: { name: goString } },
  },
};

type Reference = { name?: string | null } | null;

function nameOnly(ref: Reference): { name?: string } {
  return ref?.name ? { name: ref.name } : {};
}

function prepare(obj: KubeObject): void {
  checkGoDecodable(obj, 'ServiceAccount', decodedFields);
  if (Array.isArray(obj.secrets)) obj.secrets = (obj.secrets as Reference[]).map(nameOnly);
  if (Array.isArray(obj.imagePullSecrets))
    obj.imagePullSecrets = (obj.imagePullSecrets as Reference[]).map((r) => r ?? {});
}

export const serviceaccounts: ResourceType = {
  group: '',
  version: 'v1',
  storageVersion: true,
  names: {
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    listKind: 'ServiceAccountList',
    shortNames: ['sa'],
  },
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [],
  kindedSubresources: {
    token: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] },
  },
  nameValidation: 'DNS1123Subdomain',
  // secrets and imagePullSecrets are checked with Go's exact messages in prepare().
  fields: { automountServiceAccountToken: 'boolean' },
  columns: [
    {
      name: 'Secrets',
      type: 'string',
      description:
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
      priority: 0,
      cell: (o) => (Array.isArray(o.secrets) ? o.secrets.length : 0),
    },
    ageColumn,
  ],
  strategy: {
    prepareForCreate: prepare,
    prepareForUpdate: prepare,
    validateCreate: () => [],
    validateUpdate: () => [],
  },
};
