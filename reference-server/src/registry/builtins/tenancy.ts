// tenancy.kcp.io/v1alpha1 Workspace and WorkspaceType, as kcp serves them
// (staging/src/github.com/kcp-dev/sdk/apis/tenancy/v1alpha1/types_workspace*.go,
// config/crds/tenancy.kcp.io_workspaces.yaml, _workspacetypes.yaml).

import type { KubeObject } from '../../api/types.js';
import { ageColumn } from '../columns.js';
import type { Shape } from '../decode-check.js';
import { type FieldError, invalidValue, required } from '../field-errors.js';
import type { ResourceType } from '../resource-type.js';

export const tenancyGroup = 'tenancy.kcp.io';

export interface TypeReference {
  name: string;
  path?: string;
}

export interface WorkspaceSpec {
  type?: TypeReference;
  cluster?: string;
  URL?: string;
  location?: { selector?: unknown };
  mount?: unknown;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
  severity?: string;
}

export interface WorkspaceStatus {
  phase?: string;
  conditions?: Condition[];
  initializers?: string[];
  terminators?: string[];
}

export const workspaceFinalizer = 'core.kcp.io/logicalcluster';

const typeNamePattern = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const pathPattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const typeRefShape: Shape = { struct: 'WorkspaceTypeReference', fields: { name: 'string', path: 'string' } };
const conditionsShape: Shape = 'list';

function specOf(o: KubeObject): WorkspaceSpec {
  return (o.spec as WorkspaceSpec | undefined) ?? {};
}

function typeRefErrors(ref: TypeReference | undefined, field: string): FieldError[] {
  if (!ref) return [];
  const out: FieldError[] = [];
  if (!ref.name) out.push(required(`${field}.name`));
  else if (!typeNamePattern.test(ref.name))
    out.push(invalidValue(`${field}.name`, ref.name, `should match '${typeNamePattern.source}'`));
  if (ref.path && !pathPattern.test(ref.path))
    out.push(invalidValue(`${field}.path`, ref.path, `should match '${pathPattern.source}'`));
  return out;
}

function workspaceUpdateErrors(obj: KubeObject, old: KubeObject): FieldError[] {
  const out = typeRefErrors(specOf(obj).type, 'spec.type');
  const s = specOf(obj);
  const o = specOf(old);
  if (o.type && JSON.stringify(s.type ?? null) !== JSON.stringify(o.type))
    out.push(invalidValue('spec.type', s.type, 'field is immutable'));
  if (o.cluster && s.cluster !== o.cluster)
    out.push(invalidValue('spec.cluster', s.cluster, 'cluster is immutable'));
  if (o.URL && !s.URL) out.push(invalidValue('spec.URL', s.URL, 'URL cannot be unset'));
  return out;
}

export const workspaces: ResourceType = {
  group: tenancyGroup,
  version: 'v1alpha1',
  storageVersion: true,
  names: {
    plural: 'workspaces',
    singular: 'workspace',
    kind: 'Workspace',
    listKind: 'WorkspaceList',
    shortNames: ['ws'],
    categories: ['kcp'],
  },
  namespaced: false,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status'],
  nameValidation: 'DNS1123Label',
  fields: {
    spec: {
      struct: 'WorkspaceSpec',
      fields: { type: typeRefShape, cluster: 'string', URL: 'string', location: 'object', mount: 'object' },
    },
    status: {
      struct: 'WorkspaceStatus',
      fields: {
        phase: 'string',
        conditions: conditionsShape,
        initializers: 'stringList',
        terminators: 'stringList',
      },
    },
  },
  columns: [
    {
      name: 'Type',
      type: 'string',
      description: 'Type of the workspace',
      priority: 0,
      cell: (o) => specOf(o).type?.name ?? '',
    },
    {
      name: 'Region',
      type: 'string',
      description: 'The region this workspace is in',
      priority: 0,
      cell: (o) => o.metadata?.labels?.region ?? '',
    },
    {
      name: 'Phase',
      type: 'string',
      description: 'The current phase (e.g. Scheduling, Initializing, Ready, Deleting)',
      priority: 0,
      cell: (o) => (o.status as WorkspaceStatus | undefined)?.phase ?? '',
    },
    {
      name: 'URL',
      type: 'string',
      description: 'URL to access the workspace',
      priority: 0,
      cell: (o) => specOf(o).URL ?? '',
    },
    ageColumn,
  ],
  strategy: {
    validateCreate: (obj) => typeRefErrors(specOf(obj).type, 'spec.type'),
    validateUpdate: workspaceUpdateErrors,
    prepareForCreate(obj) {
      obj.spec = obj.spec ?? {};
      // The phase starts at Scheduling; the scheduler takes it from there.
      obj.status = { phase: 'Scheduling' };
    },
    prepareForUpdate(obj, old) {
      obj.status = old.status;
    },
  },
};

export interface WorkspaceTypeSpec {
  initializer?: boolean;
  terminator?: boolean;
  extend?: { with?: TypeReference[] };
  defaultChildWorkspaceType?: TypeReference;
  limitAllowedChildren?: { none?: boolean; types?: TypeReference[] };
  limitAllowedParents?: { none?: boolean; types?: TypeReference[] };
  additionalWorkspaceLabels?: Record<string, string>;
  defaultAPIBindings?: { path?: string; export: string }[];
  /** Rules for the initializer's and terminator's controllers in the workspace (RBAC PolicyRules). */
  initializerPermissions?: unknown[];
  terminatorPermissions?: unknown[];
}

export const reservedWorkspaceTypeNames = new Set(['system', 'any']);

function workspaceTypeErrors(obj: KubeObject): FieldError[] {
  const spec = (obj.spec as WorkspaceTypeSpec | undefined) ?? {};
  const out: FieldError[] = [];
  out.push(...typeRefErrors(spec.defaultChildWorkspaceType, 'spec.defaultChildWorkspaceType'));
  (spec.extend?.with ?? []).forEach((r, i) => out.push(...typeRefErrors(r, `spec.extend.with[${i}]`)));
  for (const f of ['limitAllowedChildren', 'limitAllowedParents'] as const) {
    const l = spec[f];
    if (l && !!l.none === !!l.types?.length)
      out.push(invalidValue(`spec.${f}`, l, 'exactly one of none or types must be set'));
    (l?.types ?? []).forEach((r, i) => out.push(...typeRefErrors(r, `spec.${f}.types[${i}]`)));
  }
  return out;
}

export const workspaceTypes: ResourceType = {
  group: tenancyGroup,
  version: 'v1alpha1',
  storageVersion: true,
  names: {
    plural: 'workspacetypes',
    singular: 'workspacetype',
    kind: 'WorkspaceType',
    listKind: 'WorkspaceTypeList',
    categories: ['kcp'],
  },
  namespaced: false,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status'],
  nameValidation: 'DNS1123Label',
  fields: {
    spec: {
      struct: 'WorkspaceTypeSpec',
      fields: {
        initializer: 'boolean',
        terminator: 'boolean',
        extend: 'object',
        defaultChildWorkspaceType: typeRefShape,
        limitAllowedChildren: 'object',
        limitAllowedParents: 'object',
        additionalWorkspaceLabels: 'stringMap',
        defaultAPIBindings: 'list',
        initializerPermissions: 'list',
        terminatorPermissions: 'list',
      },
    },
    status: 'object',
  },
  columns: [ageColumn],
  strategy: {
    validateCreate: workspaceTypeErrors,
    validateUpdate: workspaceTypeErrors,
    prepareForCreate(obj) {
      const spec = (obj.spec ?? {}) as WorkspaceTypeSpec;
      // The CRD defaults the default child type to root:universal.
      spec.defaultChildWorkspaceType ??= { name: 'universal', path: 'root' };
      obj.spec = spec;
      delete obj.status;
    },
    prepareForUpdate(obj, old) {
      obj.status = old.status;
    },
  },
};
