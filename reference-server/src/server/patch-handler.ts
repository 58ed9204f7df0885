// PATCH: read the object, apply the patch to it, and write the result as an update with the
// read resourceVersion as precondition, as kube-apiserver's patcher does over GuaranteedUpdate
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go). A conflict with a concurrent
// writer is retried when the patch itself did not pin a resourceVersion. JSON patch, merge patch
// and (for built-in types with a strategy table) strategic merge patch are served; server-side
// apply (application/apply-patch+yaml) is handled by registry/managed-fields/apply-patch.ts. Strict field validation runs on the patched object, as upstream's.

import { conflict, staleObjectMessage } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { AdmissionPlugin } from '../admission/admission.js';
import type { UserInfo } from '../authn/user.js';
import {
  enforce,
  type FieldValidation,
  pruneUnknownFields,
  strategicPatchValue,
  strictErrorsOfBody,
  invalidPatchError,
  strictPatchError,
  unknownFieldsOf,
} from '../registry/field-validation.js';
import { decodeProblem } from '../registry/decode-check.js';
import { knownFieldsOf } from '../registry/known-fields.js';
import { getObject, updateObject } from '../registry/objects.js';
import {
  applyJsonPatch,
  applyMergePatch,
  decodeJsonPatch,
  decodeMergePatch,
  type JsonObject,
  type JsonPatchOperation,
  kcpCustomResourcePatchContentTypes,
  patchContentTypes,
  patchTypeOf,
  patchedResourceVersion,
  unsupportedPatchError,
} from '../registry/patch.js';
import { applyStrategicMergePatch, decodeStrategicPatch } from '../registry/strategic-merge/apply.js';
import { strategicPatchSchema } from '../registry/strategic-merge/schemas.js';
import { qualifiedResource, type Scope } from '../registry/scope.js';
import { applyPatch } from '../registry/managed-fields/apply-patch.js';
import type { Store } from '../storage/store.js';

const builtinServedPatchTypes = [
  patchContentTypes.json,
  patchContentTypes.merge,
  patchContentTypes.strategic,
];

/** A patch that names a resourceVersion is an optimistic-lock precondition: never retried. */
function pinsResourceVersion(patch: JsonPatchOperation[] | JsonObject | null): boolean {
  if (patch === null) return false;
  if (Array.isArray(patch)) return patch.some((op) => op.path === '/metadata/resourceVersion');
  const meta = patch.metadata;
  return typeof meta === 'object' && meta !== null && 'resourceVersion' in meta;
}
const maxAttempts = 5;

// The patched document as kube quotes it in a strict-validation 422: Go marshals the top-level
// map with sorted keys.
function sortedTopLevel(obj: KubeObject): string {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) sorted[k] = obj[k];
  return JSON.stringify(sorted);
}

export interface PatchOutcome {
  object: KubeObject;
  /** Warning header values (fieldValidation=Warn). */
  warnings: string[];
  /** Server-side apply created the object (answered 201). */
  created?: boolean;
}

export async function patchObject(
  store: Store,
  scope: Scope,
  name: string,
  contentType: string,
  body: Buffer,
  options: {
    subresource?: string;
    admit: AdmissionPlugin;
    user: UserInfo;
    dryRun?: boolean;
    fieldValidation?: FieldValidation;
    /** Who the write is recorded under in managedFields. */
    fieldManager?: string;
    /** Server-side apply: take over conflicting fields. */
    force?: boolean;
    /** Server-side apply creating the object: the caller must also be allowed to create (kube's patcher). */
    authorizeCreate?: () => Promise<void>;
  },
): Promise<PatchOutcome> {
  const type = patchTypeOf(contentType);
  if (type === 'apply') {
    const { admit, user } = options;
    const { object, created, warnings } = await applyPatch(store, scope, name, body, {
      manager: options.fieldManager ?? '',
      force: options.force ?? false,
      fieldValidation: options.fieldValidation ?? 'Warn',
      ...(options.subresource ? { subresource: options.subresource } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
      admitCreate: async (obj) => {
        await options.authorizeCreate?.();
        await admit({ operation: 'create', scope, name, object: obj, user });
      },
      admitUpdate: (obj, old) =>
        Promise.resolve(admit({ operation: 'update', scope, name, object: obj, old, user })),
    });
    return { object, warnings, created };
  }
  const smpSchema = strategicPatchSchema(scope.type.group, scope.type.names.plural);
  if (type === 'strategic' && !smpSchema) throw unsupportedPatchError(kcpCustomResourcePatchContentTypes);
  if (type !== 'json' && type !== 'merge' && type !== 'strategic')
    throw unsupportedPatchError(smpSchema ? builtinServedPatchTypes : kcpCustomResourcePatchContentTypes);
  const patch =
    type === 'json'
      ? decodeJsonPatch(body)
      : type === 'merge'
        ? decodeMergePatch(body)
        : decodeStrategicPatch(body);
  const validation = options.fieldValidation ?? 'Warn';
  const known = knownFieldsOf(scope.type.group, scope.type.names.plural);
  // Duplicate members of the patch body itself come first, as upstream's strict patch decode.
  const duplicates = validation === 'Ignore' ? [] : strictErrorsOfBody(body.toString('utf8'));
  for (let attempt = 1; ; attempt++) {
    const current = await getObject(store, scope, name);
    const rv = current.metadata?.resourceVersion ?? '';
    const patched = (
      type === 'json'
        ? applyJsonPatch(current, patch)
        : type === 'merge'
          ? applyMergePatch(current, patch)
          : applyStrategicMergePatch(current, patch as JsonObject | null, smpSchema!)
    ) as KubeObject;
    const quoted = () => (type === 'strategic' ? strategicPatchValue(patch ?? {}) : sortedTopLevel(patched));
    // A patched object Go could not decode is a 422 on the patch (kube's applyPatchToObject).
    const undecodable = decodeProblem(patched, scope.type.names.kind, scope.type.fields);
    if (undecodable !== undefined) throw invalidPatchError(quoted(), undecodable);
    const errors = [
      ...duplicates,
      ...(known && validation !== 'Ignore' ? unknownFieldsOf(patched, known) : []),
    ];
    const warnings = enforce(validation, errors, () => strictPatchError(quoted(), errors));
    if (known) pruneUnknownFields(patched, known);
    const outcome = patchedResourceVersion(rv, patched);
    if (outcome === 'conflict') throw conflict(qualifiedResource(scope), name, staleObjectMessage);
    const input = { ...patched, metadata: { ...(patched.metadata ?? {}), resourceVersion: rv } };
    try {
      const object = await updateObject(store, scope, name, input, {
        ...(options.subresource ? { subresource: options.subresource } : {}),
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(options.fieldManager !== undefined ? { fieldManager: options.fieldManager } : {}),
        check: (obj, old) =>
          options.admit({ operation: 'update', scope, name, object: obj, old, user: options.user }),
      });
      return { object, warnings };
    } catch (e) {
      if ((e as { code?: number }).code === 409 && !pinsResourceVersion(patch) && attempt < maxAttempts)
        continue;
      throw e;
    }
  }
}
