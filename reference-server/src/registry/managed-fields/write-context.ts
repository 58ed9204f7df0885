// The context a managedFields computation runs in for one request: the type's shape, the
// request's apiVersion and subresource, and the fields the endpoint resets (so nobody comes to
// own them there): a status subresource keeps only status and resets metadata's labels,
// annotations, finalizers and owner references; a main resource with a status subresource
// resets status.

import type { KubeObject } from '../../api/types.js';
import { groupVersion, type ResourceType } from '../resource-type.js';
import { emptySet, fieldElement, insert } from './fieldset.js';
import type { TrackContext } from './managers.js';
import { typeNodeOf } from './type-info.js';

// metav1.Time has second precision.
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function trackContext(
  type: ResourceType,
  subresource: string | undefined,
  objects: (KubeObject | undefined)[],
): TrackContext {
  const ignored = emptySet();
  if (subresource === 'status') {
    const tops = new Set<string>();
    for (const o of objects) for (const k of Object.keys(o ?? {})) tops.add(k);
    for (const k of tops)
      if (!['status', 'apiVersion', 'kind', 'metadata'].includes(k)) insert(ignored, [fieldElement(k)]);
    for (const m of ['labels', 'annotations', 'finalizers', 'ownerReferences'])
      insert(ignored, [fieldElement('metadata'), fieldElement(m)]);
  } else if (type.subresources.includes('status')) {
    insert(ignored, [fieldElement('status')]);
  }
  return {
    node: typeNodeOf(type),
    apiVersion: groupVersion(type),
    ...(subresource ? { subresource } : {}),
    ignored,
    now: now(),
  };
}
