// Storage key layout, the same shape kcp uses in etcd (docs/content/developers/internals/
// etcd-structure.md): /registry/<group|core>/<resource>/<logical cluster>/[<namespace>/]<name>.
// The cluster comes right after the resource so one prefix selects a resource in one cluster
// (or in one namespace of it), and /registry/<group>/<resource>/ selects it in all clusters,
// which is what wildcard (/clusters/*) requests need.

export interface ResourceKeyParts {
  group: string;
  resource: string;
}

function groupSegment(group: string): string {
  return group === '' ? 'core' : group;
}

/** Prefix of a resource across all logical clusters. */
export function resourcePrefix(r: ResourceKeyParts): string {
  return `/registry/${groupSegment(r.group)}/${r.resource}/`;
}

/** Prefix of a resource in one cluster, optionally one namespace. */
export function collectionPrefix(r: ResourceKeyParts, cluster: string, namespace?: string): string {
  const base = `${resourcePrefix(r)}${cluster}/`;
  return namespace ? `${base}${namespace}/` : base;
}

export function objectKey(
  r: ResourceKeyParts,
  cluster: string,
  namespace: string | undefined,
  name: string,
): string {
  return `${collectionPrefix(r, cluster, namespace)}${name}`;
}

/** The logical cluster named in a key produced by objectKey. */
export function clusterOfKey(r: ResourceKeyParts, key: string): string {
  const rest = key.slice(resourcePrefix(r).length);
  return rest.slice(0, rest.indexOf('/'));
}
