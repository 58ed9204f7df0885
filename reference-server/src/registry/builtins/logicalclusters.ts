// core.kcp.io/v1alpha1 LogicalCluster, always named `cluster`, one per logical cluster; its
// existence is what makes the logical cluster exist (kcp staging/src/github.com/kcp-dev/sdk/apis/
// core/v1alpha1/logicalcluster_types.go).

import type { KubeObject } from '../../api/types.js';
import { ageColumn } from '../columns.js';
import { type FieldError, invalidValue } from '../field-errors.js';
import type { ResourceType } from '../resource-type.js';

export interface LogicalClusterSpec {
  directlyDeletable?: boolean;
  owner?: {
    apiVersion: string;
    resource: string;
    name: string;
    namespace?: string;
    cluster: string;
    uid: string;
  };
  createdBy?: { username?: string; groups?: string[]; uid?: string; extra?: Record<string, string[]> };
  initializers?: string[];
  terminators?: string[];
}

export interface LogicalClusterStatus {
  URL?: string;
  phase?: string;
  conditions?: unknown[];
  initializers?: string[];
  terminators?: string[];
}

export const logicalClusterName = 'cluster';
export const logicalClusterDeletionFinalizer = 'core.kcp.io/logicalcluster-deletion';

function statusOf(o: KubeObject): LogicalClusterStatus {
  return (o.status as LogicalClusterStatus | undefined) ?? {};
}

function updateErrors(obj: KubeObject, old: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  const spec = (obj.spec as LogicalClusterSpec | undefined) ?? {};
  const oldSpec = (old.spec as LogicalClusterSpec | undefined) ?? {};
  if (JSON.stringify(spec.initializers ?? []) !== JSON.stringify(oldSpec.initializers ?? []))
    out.push(invalidValue('spec.initializers', spec.initializers, 'field is immutable'));
  // Initializers only ever leave status.initializers (pkg/admission/logicalcluster).
  const before = new Set(statusOf(old).initializers ?? []);
  for (const i of statusOf(obj).initializers ?? [])
    if (!before.has(i)) out.push(invalidValue('status.initializers', i, 'initializers may only be removed'));
  return out;
}

export const logicalClusters: ResourceType = {
  group: 'core.kcp.io',
  version: 'v1alpha1',
  storageVersion: true,
  names: {
    plural: 'logicalclusters',
    singular: 'logicalcluster',
    kind: 'LogicalCluster',
    listKind: 'LogicalClusterList',
    categories: ['kcp'],
  },
  namespaced: false,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status'],
  nameValidation: 'DNS1123Subdomain',
  fields: {
    spec: {
      struct: 'LogicalClusterSpec',
      fields: {
        directlyDeletable: 'boolean',
        owner: 'object',
        createdBy: 'object',
        initializers: 'stringList',
        terminators: 'stringList',
      },
    },
    status: {
      struct: 'LogicalClusterStatus',
      fields: {
        URL: 'string',
        phase: 'string',
        conditions: 'list',
        initializers: 'stringList',
        terminators: 'stringList',
      },
    },
  },
  columns: [
    {
      name: 'Phase',
      type: 'string',
      description: 'The current phase',
      priority: 0,
      cell: (o) => statusOf(o).phase ?? '',
    },
    {
      name: 'URL',
      type: 'string',
      description: 'URL to access the logical cluster',
      priority: 0,
      cell: (o) => statusOf(o).URL ?? '',
    },
    ageColumn,
  ],
  strategy: {
    validateCreate: () => [],
    validateUpdate: updateErrors,
    prepareForUpdate(obj, old) {
      obj.status = old.status;
    },
  },
};
