// coordination.k8s.io/v1 Lease, as kube-apiserver serves it: the object client-go's leader
// election and node heartbeats write (pkg/apis/coordination/validation ValidateLease; Table by
// printLease: Name, Holder, Age). Validation of spec: leaseDurationSeconds > 0,
// leaseTransitions >= 0, and — for objects that still carry them — strategy a known or
// domain-qualified name, preferredHolder only with a strategy. (Kubernetes reports an unknown
// strategy at `spec.strategy.strategy`, a path it builds twice; kept because clients see it.)

import type { KubeObject } from '../../api/types.js';
import { ageColumn } from '../columns.js';
import { type FieldError, forbiddenField, invalidValue } from '../field-errors.js';
import type { ResourceType } from '../resource-type.js';
import { qualifiedKeyErrors } from '../validation.js';
import { notSupported } from './go-compat.js';

const validStrategies = ['OldestEmulationVersion'];

interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number | null;
  leaseTransitions?: number | null;
  strategy?: string | null;
  preferredHolder?: string | null;
}

/**
 * strategy and preferredHolder belong to the CoordinatedLeaderElection feature, off by default in
 * kcp's Kubernetes: kube-apiserver drops them from writes unless the stored object already had
 * them (dropDisabledSpecFields), so they are never validated either (probed on kcp).
 */
function dropDisabledFields(obj: KubeObject, old?: KubeObject): void {
  const spec = obj.spec as LeaseSpec | undefined;
  const oldSpec = (old?.spec ?? {}) as LeaseSpec;
  if (!spec || typeof spec !== 'object') return;
  if (!oldSpec.strategy) delete spec.strategy;
  if (!oldSpec.preferredHolder) delete spec.preferredHolder;
}

/** metav1.MicroTime as Go writes it back: UTC, six fractional digits (input was checked to parse). */
export function microTime(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const fraction = (/\.(\d+)/.exec(value)?.[1] ?? '').slice(0, 6).padEnd(6, '0');
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

function normalizeTimes(obj: KubeObject): void {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object') return;
  for (const field of ['acquireTime', 'renewTime'])
    if (typeof spec[field] === 'string' && spec[field] !== '') spec[field] = microTime(spec[field]);
}

function specErrors(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as LeaseSpec;
  const out: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0)
    out.push(invalidValue('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0)
    out.push(
      invalidValue('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'),
    );
  if (typeof spec.strategy === 'string') {
    const field = 'spec.strategy.strategy';
    if (!spec.strategy.includes('/')) {
      if (!validStrategies.includes(spec.strategy))
        out.push(notSupported(field, spec.strategy, validStrategies));
    } else {
      for (const msg of qualifiedKeyErrors(spec.strategy)) out.push(invalidValue(field, spec.strategy, msg));
    }
  }
  if (spec.preferredHolder && !spec.strategy)
    out.push(forbiddenField('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  return out;
}

export const leases: ResourceType = {
  group: 'coordination.k8s.io',
  version: 'v1',
  storageVersion: true,
  names: { plural: 'leases', singular: 'lease', kind: 'Lease', listKind: 'LeaseList' },
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [],
  nameValidation: 'DNS1123Subdomain',
  fields: {
    spec: {
      struct: 'LeaseSpec',
      fields: {
        holderIdentity: 'string',
        leaseDurationSeconds: 'int32',
        acquireTime: 'microTime',
        renewTime: 'microTime',
        leaseTransitions: 'int32',
        strategy: 'string',
        preferredHolder: 'string',
      },
    },
  },
  columns: [
    {
      name: 'Holder',
      type: 'string',
      description:
        'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.',
      priority: 0,
      cell: (o) => ((o.spec ?? {}) as LeaseSpec).holderIdentity ?? '',
    },
    ageColumn,
  ],
  strategy: {
    prepareForCreate: (obj) => {
      dropDisabledFields(obj);
      normalizeTimes(obj);
    },
    prepareForUpdate: (obj, old) => {
      dropDisabledFields(obj, old);
      normalizeTimes(obj);
    },
    validateCreate: specErrors,
    validateUpdate: (obj) => specErrors(obj),
  },
};
