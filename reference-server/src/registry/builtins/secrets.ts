// core/v1 Secret, as kube-apiserver serves it:
// - decoding (k8s.io/api/core/v1 types, encoding/json): data values are []byte, so a value that
//   is not padded standard base64 fails the request with 400 `illegal base64 data at input byte N`;
//   stored values are re-encoded canonically.
// - defaulting (pkg/apis/core/v1 SetDefaults_Secret): type "" becomes Opaque.
// - conversion (Convert_v1_Secret_To_core_Secret): stringData is merged over data and never
//   stored or returned.
// - validation (pkg/apis/core/validation ValidateSecret/ValidateSecretUpdate): data keys are
//   config keys, 1 MiB of data in total, per-type required keys, type immutable, `immutable: true`
//   freezes data.
// - Table (pkg/printers/internalversion printSecret): Name, Type, Data (key count), Age.

import type { KubeObject } from '../../api/types.js';
import { ageColumn } from '../columns.js';
import { type FieldError, forbiddenField, invalidValue, required, tooLong } from '../field-errors.js';
import type { ResourceType } from '../resource-type.js';
import {
  type GoType,
  checkGoDecodable,
  decodeGoBase64,
  goStringMap,
  goUnmarshalObjectError,
} from './go-compat.js';

export const secretTypes = {
  opaque: 'Opaque',
  serviceAccountToken: 'kubernetes.io/service-account-token',
  dockercfg: 'kubernetes.io/dockercfg',
  dockerConfigJson: 'kubernetes.io/dockerconfigjson',
  basicAuth: 'kubernetes.io/basic-auth',
  sshAuth: 'kubernetes.io/ssh-auth',
  tls: 'kubernetes.io/tls',
} as const;

export const serviceAccountNameAnnotation = 'kubernetes.io/service-account.name';

/** core.MaxSecretSize: the data values together, decoded. */
export const maxSecretSize = 1024 * 1024;

const decodedFields: Record<string, GoType> = {
  data: { kind: 'map', elem: { kind: 'bytes' } },
  stringData: goStringMap,
  type: { kind: 'string', name: 'v1.SecretType' },
};

/** The bytes of one data value as Go holds them, or null for a JSON null. */
function valueBytes(v: unknown): Buffer | null {
  if (typeof v === 'string') {
    const r = decodeGoBase64(v);
    return 'bytes' in r ? r.bytes : Buffer.alloc(0);
  }
  if (Array.isArray(v)) return Buffer.from(v.map((b) => (typeof b === 'number' ? b : 0)));
  return null;
}

/** Decode, default and convert as the apiserver does before the strategy sees the object. */
function normalize(obj: KubeObject): void {
  checkGoDecodable(obj, 'Secret', decodedFields);
  if (obj.type === undefined || obj.type === null || obj.type === '') obj.type = secretTypes.opaque;
  let data: Record<string, string | null> | undefined;
  if (obj.data !== undefined && obj.data !== null) {
    data = {};
    for (const [k, v] of Object.entries(obj.data as Record<string, unknown>)) {
      const bytes = valueBytes(v);
      data[k] = bytes === null ? null : bytes.toString('base64');
    }
  }
  const stringData = (obj.stringData ?? {}) as Record<string, string | null>;
  if (Object.keys(stringData).length > 0) {
    data ??= {};
    for (const [k, v] of Object.entries(stringData))
      data[k] = Buffer.from(v ?? '', 'utf8').toString('base64');
  }
  delete obj.stringData;
  if (data === undefined) delete obj.data;
  else obj.data = data;
}

function dataOf(obj: KubeObject): Record<string, string | null> {
  return (obj.data ?? {}) as Record<string, string | null>;
}

function decoded(v: string | null | undefined): Buffer {
  return v ? Buffer.from(v, 'base64') : Buffer.alloc(0);
}

const configKeyFmt = '[-._a-zA-Z0-9]+';
const configKey = new RegExp(`^${configKeyFmt}$`);

/** validation.IsConfigMapKey. */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!configKey.test(key))
    errs.push(
      `a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '${configKeyFmt}')`,
    );
  if (key === '.') errs.push(`must not be '.'`);
  else if (key === '..') errs.push(`must not be '..'`);
  else if (key.startsWith('..')) errs.push(`must not start with '..'`);
  return errs;
}

function validateSecret(obj: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  const data = dataOf(obj);
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const msg of configKeyErrors(k)) out.push(invalidValue(`data[${k}]`, k, msg));
    size += decoded(v).length;
  }
  if (size > maxSecretSize) out.push(tooLong('data', maxSecretSize));

  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  const jsonKeyError = (key: string) => {
    if (!has(key)) {
      out.push(required(`data[${key}]`));
      return;
    }
    const err = goUnmarshalObjectError(decoded(data[key]));
    if (err) out.push(invalidValue(`data[${key}]`, '<secret contents redacted>', err));
  };
  switch (obj.type) {
    case secretTypes.serviceAccountToken:
      if (!obj.metadata?.annotations?.[serviceAccountNameAnnotation])
        out.push(required(`metadata.annotations[${serviceAccountNameAnnotation}]`));
      break;
    case secretTypes.dockercfg:
      jsonKeyError('.dockercfg');
      break;
    case secretTypes.dockerConfigJson:
      jsonKeyError('.dockerconfigjson');
      break;
    case secretTypes.basicAuth:
      // username or password may be empty, but one of them must be present
      if (!has('username') && !has('password')) {
        out.push(required('data[username]'));
        out.push(required('data[password]'));
      }
      break;
    case secretTypes.sshAuth:
      if (decoded(data['ssh-privatekey']).length === 0) out.push(required('data[ssh-privatekey]'));
      break;
    case secretTypes.tls:
      if (!has('tls.crt')) out.push(required('data[tls.crt]'));
      if (!has('tls.key')) out.push(required('data[tls.key]'));
      break;
  }
  return out;
}

function sameData(a: KubeObject, b: KubeObject): boolean {
  const x = dataOf(a);
  const y = dataOf(b);
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => k in y && x[k] === y[k]);
}

const secretType = (o: KubeObject): string => (typeof o.type === 'string' ? o.type : '');

export const secrets: ResourceType = {
  group: '',
  version: 'v1',
  storageVersion: true,
  names: { plural: 'secrets', singular: 'secret', kind: 'Secret', listKind: 'SecretList' },
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [],
  nameValidation: 'DNS1123Subdomain',
  // data, stringData and type are checked with Go's exact messages in normalize().
  fields: { immutable: 'boolean' },
  columns: [
    {
      name: 'Type',
      type: 'string',
      description:
        'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
      priority: 0,
      cell: secretType,
    },
    {
      name: 'Data',
      type: 'string',
      description:
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
      priority: 0,
      cell: (o) => Object.keys(dataOf(o)).length,
    },
    ageColumn,
  ],
  selectableFields: { type: secretType },
  strategy: {
    prepareForCreate: normalize,
    prepareForUpdate: normalize,
    validateCreate: validateSecret,
    validateUpdate(obj, old) {
      const out: FieldError[] = [];
      if (obj.type !== old.type) out.push(invalidValue('type', obj.type, 'field is immutable'));
      if (old.immutable === true) {
        if (obj.immutable !== true)
          out.push(forbiddenField('immutable', 'field is immutable when `immutable` is set'));
        if (!sameData(obj, old))
          out.push(forbiddenField('data', 'field is immutable when `immutable` is set'));
      }
      return [...out, ...validateSecret(obj)];
    },
  },
};
