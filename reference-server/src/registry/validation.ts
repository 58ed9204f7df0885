// Object metadata and name validation with Kubernetes' rules and messages
// (k8s.io/apimachinery/pkg/util/validation, pkg/api/validation/objectmeta.go).

import type { KubeObject, ObjectMeta } from '../api/types.js';
import { type FieldError, forbiddenField, invalidValue, required, tooLong } from './field-errors.js';
import { goStringSliceLiteral } from './builtins/go-compat.js';
import { gcFinalizerErrors, ownerReferenceErrors } from './owner-references.js';
import type { ResourceType } from './resource-type.js';

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123Label = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123Subdomain = new RegExp(`^${dns1123SubdomainFmt}$`);
const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedName = new RegExp(`^${qualifiedNameFmt}$`);
const labelValue = new RegExp(`^(${qualifiedNameFmt})?$`);

export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1123Label.test(value))
    errs.push(
      `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${dns1123LabelFmt}')`,
    );
  return errs;
}

export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!dns1123Subdomain.test(value))
    errs.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${dns1123SubdomainFmt}')`,
    );
  return errs;
}

export function pathSegmentNameErrors(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errs: string[] = [];
  if (value.includes('/')) errs.push(`may not contain '/'`);
  if (value.includes('%')) errs.push(`may not contain '%'`);
  return errs;
}

export function nameErrors(rule: ResourceType['nameValidation'], name: string): string[] {
  switch (rule) {
    case 'DNS1123Label':
      return dns1123LabelErrors(name);
    case 'DNS1123Subdomain':
      return dns1123SubdomainErrors(name);
    case 'PathSegmentName':
      return pathSegmentNameErrors(name);
  }
}

/**
 * A label key (also "qualified name": annotation keys, finalizers, ...): optional DNS subdomain
 * prefix + '/' + name, with Kubernetes 1.36's messages (apimachinery pkg/api/validate/content
 * IsLabelKey; probed on kcp): an empty name gets both the "non-empty" and the format error.
 */
export function qualifiedKeyErrors(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const [prefix, n] = parts as [string, string];
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  } else if (parts.length > 2) {
    return [
      `a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${qualifiedNameFmt}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 bytes');
  if (!qualifiedName.test(name))
    errs.push(
      `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${qualifiedNameFmt}')`,
    );
  return errs;
}

const totalAnnotationSizeLimit = 256 * 1024;

export function labelErrors(labels: unknown, field: string): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels))
    return [invalidValue(field, labels, 'must be a map')];
  const out: FieldError[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const e of qualifiedKeyErrors(k)) out.push(invalidValue(field, k, e));
    if (typeof v !== 'string') {
      out.push(invalidValue(`${field}[${k}]`, v, 'must be a string'));
      continue;
    }
    if (v.length > 63) out.push(invalidValue(field, v, 'must be no more than 63 characters'));
    if (!labelValue.test(v))
      out.push(
        invalidValue(
          field,
          v,
          `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(${qualifiedNameFmt})?')`,
        ),
      );
  }
  return out;
}

export function annotationErrors(annotations: unknown, field: string): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  if (typeof annotations !== 'object' || Array.isArray(annotations))
    return [invalidValue(field, annotations, 'must be a map')];
  const out: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    for (const e of qualifiedKeyErrors(k.toLowerCase())) out.push(invalidValue(field, k, e));
    if (typeof v !== 'string') out.push(invalidValue(`${field}[${k}]`, v, 'must be a string'));
    else size += k.length + v.length;
  }
  if (size > totalAnnotationSizeLimit) out.push(tooLong(field, totalAnnotationSizeLimit));
  return out;
}

/** Checks shared by every type on create and update (ValidateObjectMeta). */
export function objectMetaErrors(t: ResourceType, meta: ObjectMeta | undefined): FieldError[] {
  if (!meta || typeof meta !== 'object') return [required('metadata')];
  const out: FieldError[] = [];
  const name = meta.name;
  if (!name) out.push(required('metadata.name', 'name or generateName is required'));
  else for (const e of nameErrors(t.nameValidation, name)) out.push(invalidValue('metadata.name', name, e));
  if (t.namespaced) {
    if (!meta.namespace) out.push(required('metadata.namespace'));
  } else if (meta.namespace) {
    out.push(forbiddenField('metadata.namespace', 'not allowed on this type'));
  }
  out.push(...labelErrors(meta.labels, 'metadata.labels'));
  out.push(...annotationErrors(meta.annotations, 'metadata.annotations'));
  if (meta.finalizers !== undefined) {
    if (!Array.isArray(meta.finalizers))
      out.push(invalidValue('metadata.finalizers', meta.finalizers, 'must be a list'));
    else
      meta.finalizers.forEach((f, i) => {
        if (typeof f !== 'string' || qualifiedKeyErrors(f).length > 0)
          out.push(invalidValue(`metadata.finalizers[${i}]`, f, 'must be a qualified name'));
      });
  }
  out.push(...gcFinalizerErrors(meta.finalizers, 'metadata.finalizers'));
  out.push(...ownerReferenceErrors(meta.ownerReferences, 'metadata.ownerReferences'));
  return out;
}

/** Fields that never change after create (ValidateObjectMetaUpdate). */
export function objectMetaUpdateErrors(meta: ObjectMeta, old: ObjectMeta): FieldError[] {
  const out: FieldError[] = [];
  if (meta.name !== old.name) out.push(invalidValue('metadata.name', meta.name, 'field is immutable'));
  if ((meta.namespace ?? '') !== (old.namespace ?? ''))
    out.push(invalidValue('metadata.namespace', meta.namespace, 'field is immutable'));
  if (meta.uid && meta.uid !== old.uid)
    out.push(invalidValue('metadata.uid', meta.uid, 'field is immutable'));
  // ValidateNoNewFinalizers: once deletion has begun, finalizers may only go away.
  if (old.deletionTimestamp) {
    const before = new Set(Array.isArray(old.finalizers) ? old.finalizers : []);
    const extra = [...new Set(Array.isArray(meta.finalizers) ? meta.finalizers : [])]
      .filter((f) => !before.has(f))
      .sort();
    if (extra.length > 0)
      out.push(
        forbiddenField(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSliceLiteral(extra)}`,
        ),
      );
  }
  return out;
}

/** Ensures `obj.metadata` is an object so later code may rely on it. */
export function metadataOf(obj: KubeObject): ObjectMeta {
  if (!obj.metadata || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) obj.metadata = {};
  return obj.metadata;
}
