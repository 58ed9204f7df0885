// core/v1 Namespace, as kube-apiserver serves it (pkg/registry/core/namespace): cluster scoped,
// DNS-1123 label names, status.phase Active/Terminating, spec.finalizers ["kubernetes"], and a
// graceful delete that only marks the namespace Terminating; the namespace controller empties
// and removes it.

import type { KubeObject } from '../../api/types.js';
import { ageColumn } from '../columns.js';
import type { ResourceType } from '../resource-type.js';

export const namespaceFinalizer = 'kubernetes';

function phase(obj: KubeObject): string {
  const status = obj.status as { phase?: string } | undefined;
  return status?.phase ?? '';
}

export const namespaces: ResourceType = {
  group: '',
  version: 'v1',
  storageVersion: true,
  names: {
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    listKind: 'NamespaceList',
    shortNames: ['ns'],
  },
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status', 'finalize'],
  nameValidation: 'DNS1123Label',
  fields: {
    spec: { struct: 'Namespace', fields: { finalizers: 'stringList' } },
    status: { struct: 'Namespace', fields: { phase: 'string', conditions: 'list' } },
  },
  columns: [
    { name: 'Status', type: 'string', description: 'The status of the namespace', priority: 0, cell: phase },
    ageColumn,
  ],
  selectableFields: { 'status.phase': phase },
  strategy: {
    validateCreate: () => [],
    validateUpdate: () => [],
    prepareForCreate(obj) {
      const name = obj.metadata?.name ?? '';
      obj.metadata = obj.metadata ?? {};
      // kube-apiserver labels every namespace with its own name (NamespaceDefaultLabelName).
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
      obj.spec = { finalizers: [namespaceFinalizer] };
      obj.status = { phase: 'Active' };
    },
    prepareForUpdate(obj, old) {
      // Spec finalizers and status change only through the finalize/status subresources.
      obj.spec = old.spec;
      obj.status = old.status;
      const name = obj.metadata?.name ?? '';
      obj.metadata = obj.metadata ?? {};
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
    },
    gracefulDelete: () => true,
  },
};
