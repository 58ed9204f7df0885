// core/v1 ConfigMap (pkg/apis/core/validation ValidateConfigMap): keys of data and binaryData
// must be valid config keys, unique across both maps, 1 MiB total; `immutable: true` freezes
// data and binaryData and cannot be unset.

import type { KubeObject } from '../../api/types.js';
import { type FieldError, forbiddenField, invalidValue, tooLong } from '../field-errors.js';
import { ageColumn } from '../columns.js';
import type { ResourceType } from '../resource-type.js';

const configKey = /^[-._a-zA-Z0-9]+$/;
const maxTotalSize = 1024 * 1024;

function dataErrors(obj: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  let size = 0;
  for (const field of ['data', 'binaryData'] as const) {
    const m = obj[field];
    if (m === undefined || m === null) continue;
    for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
      if (k.length > 253 || !configKey.test(k))
        out.push(
          invalidValue(
            `${field}[${k}]`,
            k,
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
          ),
        );
      if (seen.has(k)) out.push(invalidValue(`${field}[${k}]`, k, 'duplicate of key present in data'));
      seen.add(k);
      size += typeof v === 'string' ? v.length : 0;
    }
  }
  if (size > maxTotalSize) out.push(tooLong('', maxTotalSize));
  return out;
}

function dataCount(obj: KubeObject): number {
  const n = (m: unknown) => (m && typeof m === 'object' ? Object.keys(m).length : 0);
  return n(obj.data) + n(obj.binaryData);
}

export const configmaps: ResourceType = {
  group: '',
  version: 'v1',
  storageVersion: true,
  names: {
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    listKind: 'ConfigMapList',
    shortNames: ['cm'],
  },
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [],
  nameValidation: 'DNS1123Subdomain',
  fields: { data: 'stringMap', binaryData: 'stringMap', immutable: 'boolean' },
  columns: [
    {
      name: 'Data',
      type: 'string',
      description: 'Number of data keys',
      priority: 0,
      cell: (o) => dataCount(o),
    },
    ageColumn,
  ],
  strategy: {
    validateCreate: dataErrors,
    validateUpdate(obj, old) {
      const out = dataErrors(obj);
      if (old.immutable === true) {
        if (obj.immutable !== true)
          out.push(forbiddenField('immutable', 'field is immutable when `immutable` is set'));
        if (
          JSON.stringify(obj.data ?? {}) !== JSON.stringify(old.data ?? {}) ||
          JSON.stringify(obj.binaryData ?? {}) !== JSON.stringify(old.binaryData ?? {})
        )
          out.push(forbiddenField('data', 'field is immutable when `immutable` is set'));
      }
      return out;
    },
  },
};
