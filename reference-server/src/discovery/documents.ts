// Legacy discovery documents (/api, /api/v1, /apis, /apis/<g>, /apis/<g>/<v>) computed from
// the catalog's types. Aggregated discovery (apidiscovery.k8s.io/v2) comes with a later issue;
// clients that ask for it fall back to these when the response is plain application/json.

import { createHash } from 'node:crypto';
import { type ResourceType, groupVersion } from '../registry/resource-type.js';
import { compareKubeVersions } from './kube-version-order.js';

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
  group?: string;
  version?: string;
}

/** kube-apiserver's storageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>"). */
function storageVersionHash(t: ResourceType): string {
  return createHash('sha256')
    .update(`${t.group}/${t.version}/${t.names.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

const terminatingDrops = new Set(['create', 'patch', 'update']);

export function apiResourceList(gv: string, types: readonly ResourceType[]) {
  const resources: APIResource[] = [];
  for (const t of types) {
    if (groupVersion(t) !== gv) continue;
    const r: APIResource = {
      name: t.names.plural,
      singularName: t.names.singular,
      namespaced: t.namespaced,
      kind: t.names.kind,
      // kube's CRD discovery lists only delete, deletecollection, get, list and watch for a
      // terminating definition (customresource_discovery_controller.go).
      verbs: t.verbs.filter((v) => !(t.terminating && terminatingDrops.has(v))).sort(),
    };
    if (t.names.shortNames?.length) r.shortNames = t.names.shortNames;
    if (t.names.categories?.length) r.categories = t.names.categories;
    r.storageVersionHash = t.storageVersionHash ?? storageVersionHash(t);
    resources.push(r);
    for (const sub of t.subresources) {
      resources.push({
        name: `${t.names.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.names.kind,
        verbs: sub === 'finalize' ? ['update'] : ['get', 'patch', 'update'],
      });
    }
    for (const [sub, k] of Object.entries(t.kindedSubresources ?? {})) {
      resources.push({
        name: `${t.names.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        group: k.group,
        version: k.version,
        kind: k.kind,
        verbs: [...k.verbs],
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}

/** `serverAddress` is the host:port the client reached, as kube-apiserver reports it. */
export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

function groupsOf(types: readonly ResourceType[]) {
  const groups = new Map<
    string,
    { versions: GroupVersionForDiscovery[]; preferred?: GroupVersionForDiscovery }
  >();
  for (const t of types) {
    if (t.group === '') continue;
    const g = groups.get(t.group) ?? { versions: [] };
    const gv = { groupVersion: groupVersion(t), version: t.version };
    if (!g.versions.some((v) => v.version === t.version)) g.versions.push(gv);
    if (t.storageVersion) g.preferred = gv;
    groups.set(t.group, g);
  }
  return [...groups.entries()].map(([name, g]) => {
    // CRD-served groups (types with a schema) list versions by Kubernetes version priority and
    // prefer the first, as the apiextensions server does (kcp: v2 before v1, v2 preferred).
    const crd = types.some((t) => t.group === name && t.schema);
    const versions = crd
      ? [...g.versions].sort((a, b) => compareKubeVersions(a.version, b.version))
      : g.versions;
    return { name, versions, preferredVersion: crd ? versions[0]! : (g.preferred ?? g.versions[0]!) };
  });
}

export function apiGroupList(types: readonly ResourceType[]) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupsOf(types) };
}

export function apiGroup(types: readonly ResourceType[], group: string) {
  const g = groupsOf(types).find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...g } : undefined;
}
