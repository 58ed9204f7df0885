// Between stored values and API objects. Stored JSON never contains resourceVersion (it is the
// store's modRevision) or the kcp.io/cluster annotation (it is the key's cluster); both are
// put back on every object the server returns, as kcp does for every response.

import { ApiError, failure } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { KeyValue } from '../storage/store.js';
import { groupVersion, type ResourceType } from './resource-type.js';

export const clusterAnnotation = 'kcp.io/cluster';

/**
 * The stored form of `obj`. A type served in a version other than its storage's converts on
 * write (`toStorage`, apis.kcp.io v1alpha1 APIExports and APIBindings stored as v1alpha2), so
 * controllers and every other version read one shape.
 */
/**
 * The largest object stored, as etcd's default --max-request-bytes (1.5 MiB) bounds kube's: a
 * bigger one is refused with 413 as kube-apiserver refuses it, and every reader (controllers,
 * watches, caches) handles objects of bounded size.
 */
export const maxStoredObjectBytes = 1_572_864;

export function encodeObject(input: KubeObject, type?: ResourceType): string {
  const obj = type?.toStorage ? type.toStorage(input) : input;
  const meta = { ...(obj.metadata ?? {}) };
  delete meta.resourceVersion;
  if (meta.annotations && clusterAnnotation in meta.annotations) {
    const { [clusterAnnotation]: _drop, ...rest } = meta.annotations;
    if (Object.keys(rest).length > 0) meta.annotations = rest;
    else delete meta.annotations;
  }
  const text = JSON.stringify({ ...obj, metadata: meta });
  // Counting bytes is only needed when the text could be over the limit.
  const bytes = text.length * 3 <= maxStoredObjectBytes ? text.length : Buffer.byteLength(text);
  if (bytes > maxStoredObjectBytes)
    throw new ApiError(
      failure(
        413,
        'RequestEntityTooLarge',
        `the object is too large to store: ${bytes} bytes, the limit is ${maxStoredObjectBytes}`,
      ),
    );
  return text;
}

export function decodeObject(kv: KeyValue, type: ResourceType, cluster: string): KubeObject {
  const stored = JSON.parse(kv.value) as KubeObject;
  // Written through another API of a shared storage (see ResourceType.storage).
  const obj =
    type.fromStorage && stored.apiVersion && stored.apiVersion !== groupVersion(type)
      ? type.fromStorage(stored)
      : stored;
  obj.apiVersion = groupVersion(type);
  obj.kind = type.names.kind;
  const meta = (obj.metadata ??= {});
  meta.resourceVersion = String(kv.modRevision);
  meta.annotations = { ...(meta.annotations ?? {}), [clusterAnnotation]: cluster };
  return obj;
}
