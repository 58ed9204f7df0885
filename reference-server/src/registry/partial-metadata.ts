// PartialObjectMetadata(List) responses: objects reduced to their metadata, what clients ask for
// with `Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1` (metadata-only
// informers, and kcp's wildcard lists across clusters whose schemas differ).

import type { KubeObject } from '../api/types.js';

export function toPartial(obj: KubeObject, version: string): KubeObject {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: obj.metadata ?? {},
  };
}

export function toPartialList(items: KubeObject[], version: string, metadata: object) {
  return {
    kind: 'PartialObjectMetadataList',
    apiVersion: `meta.k8s.io/${version}`,
    metadata,
    items: items.map((o) => toPartial(o, version)),
  };
}
