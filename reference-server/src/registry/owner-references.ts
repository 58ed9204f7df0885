// metadata.ownerReferences as the garbage collector reads them, and their validation on write
// (apimachinery api/validation ValidateOwnerReferences), worded as kube words it.

import { badRequest } from '../api/status.js';
import { type FieldError, invalidValue } from './field-errors.js';
import { foregroundFinalizer, orphanFinalizer } from './gc-finalizers.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Go field order of metav1.OwnerReference, for values printed in messages. */
const fieldOrder = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'] as const;
const fieldTypes: Record<string, 'string' | 'bool'> = {
  apiVersion: 'string',
  kind: 'string',
  name: 'string',
  uid: 'string',
  controller: 'bool',
  blockOwnerDeletion: 'bool',
};
const goTypeNames: Record<string, string> = {
  uid: 'types.UID',
  controller: 'bool',
  blockOwnerDeletion: 'bool',
};

/** The reference as Go would print it back (known fields, Go order, omitempty). */
function asGo(ref: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of fieldOrder) {
    const v = ref[k];
    if (k === 'controller' || k === 'blockOwnerDeletion') {
      if (typeof v === 'boolean') out[k] = v;
    } else out[k] = typeof v === 'string' ? v : '';
  }
  return out;
}

/** Group and version of an apiVersion as schema.ParseGroupVersion splits it ('' when invalid). */
export function splitAPIVersion(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return v !== null && typeof v === 'object' ? 'object' : typeof v;
}

/** Throws the decoder's 400 when an element does not fit metav1.OwnerReference. */
function checkDecodable(refs: unknown[]): void {
  for (const ref of refs) {
    if (ref === null) continue;
    if (typeof ref !== 'object' || Array.isArray(ref))
      throw badRequest(
        `json: cannot unmarshal ${jsonKind(ref)} into Go struct field ObjectMeta.metadata.ownerReferences of type v1.OwnerReference`,
      );
    for (const [k, v] of Object.entries(ref as Record<string, unknown>)) {
      const t = fieldTypes[k];
      if (!t || v === null) continue;
      if ((t === 'string' && typeof v !== 'string') || (t === 'bool' && typeof v !== 'boolean'))
        throw badRequest(
          `json: cannot unmarshal ${jsonKind(v)} into Go struct field OwnerReference.metadata.ownerReferences.${k} of type ${goTypeNames[k] ?? t}`,
        );
    }
  }
}

/** ValidateOwnerReferences: required coordinates, banned owner kinds, at most one controller. */
export function ownerReferenceErrors(refs: unknown, field: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  checkDecodable(refs);
  const out: FieldError[] = [];
  let firstController = '';
  for (const raw of refs) {
    const ref = asGo((raw ?? {}) as Record<string, unknown>);
    const apiVersion = ref.apiVersion as string;
    const kind = ref.kind as string;
    const { group, version } = splitAPIVersion(apiVersion);
    if (!version) out.push(invalidValue(`${field}.apiVersion`, apiVersion, 'version must not be empty'));
    if (!kind) out.push(invalidValue(`${field}.kind`, kind, 'must not be empty'));
    if (!ref.name) out.push(invalidValue(`${field}.name`, ref.name, 'must not be empty'));
    if (!ref.uid) out.push(invalidValue(`${field}.uid`, ref.uid, 'must not be empty'));
    // Events may not own anything (BannedOwners).
    if (group === '' && version === 'v1' && kind === 'Event')
      out.push(
        invalidValue(field, ref, `${group}/${version}, Kind=${kind} is disallowed from being an owner`),
      );
    if (ref.controller === true) {
      const current = `${kind}/${String(ref.name)}`;
      if (firstController)
        out.push(
          invalidValue(
            field,
            refs.map((r) => asGo((r ?? {}) as Record<string, unknown>)),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      else firstController = current;
    }
  }
  return out;
}

/** ValidateFinalizers' rule that the two garbage collector finalizers exclude each other. */
export function gcFinalizerErrors(finalizers: unknown, field: string): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  if (finalizers.includes(orphanFinalizer) && finalizers.includes(foregroundFinalizer))
    return [
      invalidValue(
        field,
        finalizers,
        `finalizer ${orphanFinalizer} and ${foregroundFinalizer} cannot be both set`,
      ),
    ];
  return [];
}

/** The well-formed references of an object (what the garbage collector acts on). */
export function ownerReferencesOf(meta: { ownerReferences?: unknown[] } | undefined): OwnerReference[] {
  const refs = meta?.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter(
    (r): r is OwnerReference =>
      r !== null &&
      typeof r === 'object' &&
      typeof (r as OwnerReference).uid === 'string' &&
      typeof (r as OwnerReference).name === 'string' &&
      typeof (r as OwnerReference).kind === 'string' &&
      typeof (r as OwnerReference).apiVersion === 'string',
  );
}
