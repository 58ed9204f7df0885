// PATCH: read the object, apply the patch to it, and write the result as an update with the
// read resourceVersion as precondition, as kube-apiserver's patcher does over GuaranteedUpdate
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go). A conflict with a concurrent
// writer is retried when the patch itself did not pin a resourceVersion. JSON patch and merge
// patch are served; strategic merge patch and server-side apply are not yet (415).

import { conflict, staleObjectMessage } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { AdmissionPlugin } from '../admission/admission.js';
import type { UserInfo } from '../authn/user.js';
import { getObject, updateObject } from '../registry/objects.js';
import {
  applyJsonPatch,
  applyMergePatch,
  decodeJsonPatch,
  decodeMergePatch,
  type JsonObject,
  type JsonPatchOperation,
  patchContentTypes,
  patchTypeOf,
  patchedResourceVersion,
  unsupportedPatchError,
} from '../registry/patch.js';
import { qualifiedResource, type Scope } from '../registry/scope.js';
import type { Store } from '../storage/store.js';

const servedPatchTypes = [patchContentTypes.json, patchContentTypes.merge];

/** A patch that names a resourceVersion is an optimistic-lock precondition: never retried. */
function pinsResourceVersion(patch: JsonPatchOperation[] | JsonObject): boolean {
  if (Array.isArray(patch)) return patch.some((op) => op.path === '/metadata/resourceVersion');
  const meta = patch.metadata;
  return typeof meta === 'object' && meta !== null && 'resourceVersion' in meta;
}
const maxAttempts = 5;

export async function patchObject(
  store: Store,
  scope: Scope,
  name: string,
  contentType: string,
  body: Buffer,
  options: { subresource?: 'status'; admit: AdmissionPlugin; user: UserInfo },
): Promise<KubeObject> {
  const type = patchTypeOf(contentType);
  if (type !== 'json' && type !== 'merge') throw unsupportedPatchError(servedPatchTypes);
  const patch = type === 'json' ? decodeJsonPatch(body) : decodeMergePatch(body);
  for (let attempt = 1; ; attempt++) {
    const current = await getObject(store, scope, name);
    const rv = current.metadata?.resourceVersion ?? '';
    const patched = (
      type === 'json' ? applyJsonPatch(current, patch) : applyMergePatch(current, patch)
    ) as KubeObject;
    const outcome = patchedResourceVersion(rv, patched);
    if (outcome === 'conflict') throw conflict(qualifiedResource(scope), name, staleObjectMessage);
    const input = { ...patched, metadata: { ...(patched.metadata ?? {}), resourceVersion: rv } };
    try {
      return await updateObject(store, scope, name, input, {
        ...(options.subresource ? { subresource: options.subresource } : {}),
        check: (obj, old) =>
          options.admit({ operation: 'update', scope, name, object: obj, old, user: options.user }),
      });
    } catch (e) {
      if ((e as { code?: number }).code === 409 && !pinsResourceVersion(patch) && attempt < maxAttempts)
        continue;
      throw e;
    }
  }
}
