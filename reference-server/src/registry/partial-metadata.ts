// PartialObjectMetadata(List) responses: objects reduced to their metadata, what clients ask for
// with `Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1` (metadata-only
// informers, and kcp's wildcard lists across clusters whose schemas differ).

import type { KubeObject } from '../api/types.js';

function acceptsAs(accept: string | undefined, as: string): string | undefined {
  for (const part of (accept ?? '').split(',')) {
    const params = part.split(';').map((p) => p.trim());
    if (params[0] !== 'application/json' || !params.includes(`as=${as}`) || !params.includes('g=meta.k8s.io'))
      continue;
    const v = params.find((p) => p.startsWith('v='))?.slice(2);
    if (v === 'v1' || v === 'v1beta1') return v;
  }
  return undefined;
}

/** The meta.k8s.io version to answer a list in, if the client asked for metadata only. */
export const wantsPartialList = (accept: string | undefined) =>
  acceptsAs(accept, 'PartialObjectMetadataList');
export const wantsPartialObject = (accept: string | undefined) => acceptsAs(accept, 'PartialObjectMetadata');

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
