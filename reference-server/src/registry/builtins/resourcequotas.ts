// core/v1 ResourceQuota (pkg/apis/core/validation ValidateResourceQuota; Table by
// printResourceQuota: Name, Request, Limit, Age). spec is the client's, status the quota
// controller's (resourcequota-controller.ts), written through /status. Quantities are written
// back canonical, as Go's resource.Quantity marshals them; one Go cannot parse fails decoding
// (400), with the decoder's message.

import { badRequest } from '../../api/status.js';
import type { KubeObject } from '../../api/types.js';
import { ageColumn } from '../columns.js';
import { type FieldError, invalidValue } from '../field-errors.js';
import type { ResourceType } from '../resource-type.js';
import { qualifiedKeyErrors } from '../validation.js';
import { canonicalQuantity, isNegative, isWhole, parseQuantity, quantityPattern } from './quantity.js';

type ResourceList = Record<string, string>;

interface QuotaSpec {
  hard?: ResourceList | null;
  scopes?: string[] | null;
  scopeSelector?: unknown;
}

const standardResources = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
/** Standard resources the quota system tracks: all of the above but plain `storage`. */
const isStandardQuotaResource = (name: string) =>
  (standardResources.has(name) && name !== 'storage') || isHugePages(name);
const isHugePages = (name: string) => /^(requests\.)?hugepages-/.test(name);

const integerResources = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
/** Extended resources (domain-qualified, outside kubernetes.io and requests.*) count whole units too. */
const isExtendedResource = (name: string) =>
  name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');

const standardScopes = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'VolumeAttributesClass',
  'CrossNamespacePodAffinity',
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses every quantity of a resource list, writing the canonical text back; 400 for bad ones. */
function canonicalizeList(list: unknown, kind: string): void {
  if (!isObject(list)) return;
  for (const [name, value] of Object.entries(list)) {
    if (value === null) continue;
    const q = typeof value === 'string' || typeof value === 'number' ? parseQuantity(value) : undefined;
    if (!q)
      throw badRequest(
        `${kind} in version "v1" cannot be handled as a ${kind}: quantities must match the regular expression '${quantityPattern}'`,
      );
    list[name] = canonicalQuantity(q);
  }
  // Go writes maps with sorted keys.
  const sorted = Object.entries(list).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [k] of sorted) delete list[k];
  for (const [k, v] of sorted) list[k] = v;
}

function canonicalize(obj: KubeObject): void {
  const spec = obj.spec as QuotaSpec | undefined;
  const status = obj.status as { hard?: unknown; used?: unknown } | undefined;
  if (isObject(spec)) canonicalizeList(spec.hard, 'ResourceQuota');
  if (isObject(status)) {
    canonicalizeList(status.hard, 'ResourceQuota');
    canonicalizeList(status.used, 'ResourceQuota');
  }
}

/** ValidateResourceQuotaResourceName. */
function resourceNameErrors(name: string, field: string): FieldError[] {
  const errs = qualifiedKeyErrors(name).map((msg) => invalidValue(field, name, msg));
  if (errs.length === 0 && !name.includes('/') && !standardResources.has(name) && !isHugePages(name))
    errs.push(invalidValue(field, name, 'must be a standard resource type or fully qualified'));
  if (!name.includes('/') && !isStandardQuotaResource(name))
    errs.push(invalidValue(field, name, 'must be a standard resource for quota'));
  return errs;
}

function resourceListErrors(list: unknown, field: string): FieldError[] {
  if (!isObject(list)) return [];
  const out: FieldError[] = [];
  for (const [name, value] of Object.entries(list)) {
    const path = `${field}[${name}]`;
    out.push(...resourceNameErrors(name, path));
    const q = typeof value === 'string' ? parseQuantity(value) : undefined;
    if (!q) continue;
    if (isNegative(q)) out.push(invalidValue(path, value, 'must be greater than or equal to 0'));
    if ((integerResources.has(name) || isExtendedResource(name)) && !isWhole(q))
      out.push(invalidValue(path, value, 'must be an integer'));
  }
  return out;
}

function scopeErrors(spec: QuotaSpec): FieldError[] {
  const scopes = Array.isArray(spec.scopes) ? spec.scopes : [];
  const out: FieldError[] = [];
  for (const scope of scopes)
    if (!standardScopes.includes(scope)) out.push(invalidValue('spec.scopes', scopes, 'unsupported scope'));
  const conflicting = [
    ['BestEffort', 'NotBestEffort'],
    ['Terminating', 'NotTerminating'],
  ];
  for (const pair of conflicting)
    if (pair.every((s) => scopes.includes(s)))
      out.push(invalidValue('spec.scopes', scopes, 'conflicting scopes'));
  return out;
}

function quotaErrors(obj: KubeObject): FieldError[] {
  const spec = (isObject(obj.spec) ? obj.spec : {}) as QuotaSpec;
  const status = (isObject(obj.status) ? obj.status : {}) as { hard?: unknown; used?: unknown };
  return [
    ...resourceListErrors(spec.hard, 'spec.hard'),
    ...scopeErrors(spec),
    ...resourceListErrors(status.hard, 'status.hard'),
    ...resourceListErrors(status.used, 'status.used'),
  ];
}

function scopesUpdateErrors(obj: KubeObject, old: KubeObject): FieldError[] {
  const scopes = ((obj.spec ?? {}) as QuotaSpec).scopes ?? [];
  const oldScopes = ((old.spec ?? {}) as QuotaSpec).scopes ?? [];
  const same = scopes.length === oldScopes.length && scopes.every((s) => oldScopes.includes(s));
  return same ? [] : [invalidValue('spec.scopes', scopes, 'field is immutable')];
}

/** printResourceQuota's Request or Limit cell: `name: used/hard, ...` by resource name. */
function usageCell(obj: KubeObject, limits: boolean): string {
  const status = (isObject(obj.status) ? obj.status : {}) as { hard?: ResourceList; used?: ResourceList };
  const hard = isObject(status.hard) ? status.hard : {};
  const used = isObject(status.used) ? status.used : {};
  return Object.keys(hard)
    .sort()
    .filter((name) => {
      const pieces = name.split('.');
      return (pieces.length > 1 && pieces[0] === 'limits') === limits;
    })
    .map((name) => `${name}: ${used[name] ?? '0'}/${hard[name]}`)
    .join(', ');
}

export const resourcequotas: ResourceType = {
  group: '',
  version: 'v1',
  storageVersion: true,
  names: {
    plural: 'resourcequotas',
    singular: 'resourcequota',
    kind: 'ResourceQuota',
    listKind: 'ResourceQuotaList',
    shortNames: ['quota'],
  },
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status'],
  nameValidation: 'DNS1123Subdomain',
  fields: {
    spec: {
      struct: 'ResourceQuotaSpec',
      fields: { hard: 'object', scopes: 'stringList', scopeSelector: 'object' },
    },
    status: { struct: 'ResourceQuotaStatus', fields: { hard: 'object', used: 'object' } },
  },
  columns: [
    {
      name: 'Request',
      type: 'string',
      description: 'Request represents a minimum amount of cpu/memory that a container may consume.',
      priority: 0,
      cell: (o) => usageCell(o, false),
    },
    {
      name: 'Limit',
      type: 'string',
      description:
        'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
      priority: 0,
      cell: (o) => usageCell(o, true),
    },
    ageColumn,
  ],
  strategy: {
    prepareForCreate: (obj) => {
      // A new quota starts with an empty status; the controller fills it.
      obj.status = {};
      canonicalize(obj);
    },
    prepareForUpdate: (obj, old) => {
      // The main resource keeps the stored status (ResourceQuota's PrepareForUpdate).
      obj.status = old.status ?? {};
      canonicalize(obj);
    },
    validateCreate: quotaErrors,
    validateUpdate: (obj, old) => [...quotaErrors(obj), ...scopesUpdateErrors(obj, old)],
  },
};
