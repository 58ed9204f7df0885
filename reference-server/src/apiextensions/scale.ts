// The scale subresource of custom resources (`<plural>/scale`, an autoscaling/v1 Scale), as
// kube's customresource ScaleREST serves it: replicas read from and written to the CRD's
// specReplicasPath, status replicas and selector read from statusReplicasPath and
// labelSelectorPath. A write of the Scale is an update of the main object (so it bumps
// metadata.generation and passes the object's validation); the answer is the Scale of the result.

import { badRequest, invalid } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { invalidValue, toInvalidField } from '../registry/field-errors.js';
import { getObject, updateObject, type UpdateOptions } from '../registry/objects.js';
import {
  applyJsonPatch,
  applyMergePatch,
  decodeJsonPatch,
  decodeMergePatch,
  patchTypeOf,
  unsupportedPatchError,
} from '../registry/patch.js';
import type { Scope } from '../registry/scope.js';
import type { Store } from '../storage/store.js';
import type { ScaleSubresource } from './crd-object.js';
import { evaluateJSONPath, setJSONPath } from './jsonpath.js';

export interface Scale extends KubeObject {
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

/** The Scale view of a custom object. */
export function scaleOf(obj: KubeObject, paths: ScaleSubresource): Scale {
  const meta = obj.metadata ?? {};
  const specReplicas = evaluateJSONPath(obj, paths.specReplicasPath ?? '');
  const statusReplicas = evaluateJSONPath(obj, paths.statusReplicasPath ?? '');
  const selector = paths.labelSelectorPath ? evaluateJSONPath(obj, paths.labelSelectorPath) : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      ...(meta.namespace ? { namespace: meta.namespace } : {}),
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 },
    status: {
      replicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
      ...(typeof selector === 'string' && selector !== '' ? { selector } : {}),
    },
  };
}

export async function getScale(
  store: Store,
  scope: Scope,
  name: string,
  paths: ScaleSubresource,
): Promise<Scale> {
  return scaleOf(await getObject(store, scope, name), paths);
}

function checkScale(scale: KubeObject, name: string): number {
  if (scale === null || typeof scale !== 'object' || Array.isArray(scale))
    throw badRequest('the request body must be an object');
  if (scale.kind !== undefined && scale.kind !== 'Scale')
    throw badRequest(
      `the kind of the provided object (${String(scale.kind)}) does not match the kind of the endpoint (Scale)`,
    );
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas))
    throw badRequest(
      `Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`,
    );
  if (replicas < 0)
    throw invalid('autoscaling', 'Scale', name, [
      toInvalidField(invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0')),
    ]);
  return replicas;
}

/** PUT of a Scale: its replicas go to the object, with its resourceVersion as precondition. */
export async function updateScale(
  store: Store,
  scope: Scope,
  name: string,
  scale: KubeObject,
  paths: ScaleSubresource,
  options: Pick<UpdateOptions, 'check' | 'dryRun'>,
): Promise<Scale> {
  const replicas = checkScale(scale, name);
  const current = await getObject(store, scope, name);
  const next = structuredClone(current);
  setJSONPath(next as Record<string, unknown>, paths.specReplicasPath ?? '', replicas);
  const precondition = scale.metadata?.resourceVersion;
  next.metadata = { ...next.metadata, resourceVersion: precondition || current.metadata?.resourceVersion };
  return scaleOf(await updateObject(store, scope, name, next, options), paths);
}

/** PATCH of a Scale (JSON or merge patch), applied to the current Scale, then written as a PUT. */
export async function patchScale(
  store: Store,
  scope: Scope,
  name: string,
  contentType: string,
  body: Buffer,
  paths: ScaleSubresource,
  options: Pick<UpdateOptions, 'check' | 'dryRun'>,
): Promise<Scale> {
  const type = patchTypeOf(contentType);
  if (type !== 'json' && type !== 'merge') throw unsupportedPatchError();
  const current = await getScale(store, scope, name, paths);
  const patched = (
    type === 'json'
      ? applyJsonPatch(current, decodeJsonPatch(body))
      : applyMergePatch(current, decodeMergePatch(body))
  ) as KubeObject;
  return updateScale(store, scope, name, patched, paths, options);
}
