// Aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) for /api and /apis. Built
// from the legacy APIResourceLists, as kube-apiserver converts them, so the two can never
// disagree: top-level resources become entries, `<resource>/<sub>` entries become that resource's
// subresources. Every version is "Current": the server computes documents from its own types.

import { createHash } from 'node:crypto';
import type { ResourceType } from '../registry/resource-type.js';
import { type APIResource, apiResourceList } from './documents.js';
import { compareGroups } from './group-priority.js';
import { compareKubeVersions } from './kube-version-order.js';

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface APISubresourceDiscovery {
  subresource: string;
  responseKind?: GroupVersionKind;
  verbs: string[];
}

export interface APIResourceDiscovery {
  resource: string;
  responseKind?: GroupVersionKind;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: APISubresourceDiscovery[];
}

export interface APIVersionDiscovery {
  version: string;
  resources: APIResourceDiscovery[];
  freshness: 'Current' | 'Stale';
}

export interface APIGroupDiscovery {
  metadata: { name?: string };
  versions: APIVersionDiscovery[];
}

export interface APIGroupDiscoveryList {
  kind: 'APIGroupDiscoveryList';
  apiVersion: 'apidiscovery.k8s.io/v2';
  metadata: Record<string, never>;
  items: APIGroupDiscovery[];
}

const kindOf = (r: APIResource): GroupVersionKind => ({
  group: r.group ?? '',
  version: r.version ?? '',
  kind: r.kind,
});

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** One group version's legacy resources as aggregated entries (kube's installer conversion). */
export function resourcesForDiscovery(legacy: readonly APIResource[]): APIResourceDiscovery[] {
  // Legacy lists are in path order in kube-apiserver; aggregated entries keep that order.
  const sorted = [...legacy].sort(byName);
  const out: APIResourceDiscovery[] = [];
  const parents = new Map<string, APIResourceDiscovery>();
  for (const r of sorted) {
    if (r.name.includes('/')) continue;
    const entry: APIResourceDiscovery = {
      resource: r.name,
      responseKind: kindOf(r),
      scope: r.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: r.singularName,
      verbs: r.verbs,
    };
    if (r.shortNames?.length) entry.shortNames = r.shortNames;
    if (r.categories?.length) entry.categories = r.categories;
    out.push(entry);
    parents.set(r.name, entry);
  }
  for (const r of sorted) {
    const slash = r.name.indexOf('/');
    if (slash < 0) continue;
    const parent = parents.get(r.name.slice(0, slash));
    // A subresource always has its parent here: both come from the same resource type.
    if (!parent) continue;
    (parent.subresources ??= []).push({
      subresource: r.name.slice(slash + 1),
      responseKind: kindOf(r),
      verbs: r.verbs,
    });
  }
  return out;
}

function versionDiscovery(
  group: string,
  version: string,
  types: readonly ResourceType[],
): APIVersionDiscovery {
  const gv = group === '' ? version : `${group}/${version}`;
  return {
    version,
    resources: resourcesForDiscovery(apiResourceList(gv, types).resources),
    freshness: 'Current',
  };
}

function list(items: APIGroupDiscovery[]): APIGroupDiscoveryList {
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

/** /api: the core group, unnamed, with its one version. */
export function aggregatedCore(types: readonly ResourceType[]): APIGroupDiscoveryList {
  if (!types.some((t) => t.group === '' && t.version === 'v1')) return list([]);
  return list([{ metadata: {}, versions: [versionDiscovery('', 'v1', types)] }]);
}

/** /apis: every named group, built-ins by kube's priority first, then by name; versions newest-stable first. */
export function aggregatedGroups(types: readonly ResourceType[]): APIGroupDiscoveryList {
  const versions = new Map<string, Set<string>>();
  for (const t of types) {
    if (t.group === '') continue;
    const vs = versions.get(t.group) ?? new Set<string>();
    vs.add(t.version);
    versions.set(t.group, vs);
  }
  const items = [...versions.keys()].sort(compareGroups).map((group) => ({
    metadata: { name: group },
    versions: [...versions.get(group)!]
      .sort(compareKubeVersions)
      .map((v) => versionDiscovery(group, v, types)),
  }));
  return list(items);
}

/** kube-apiserver's ETag for a discovery document: upper-case hex SHA-512 of its JSON, quoted. */
export function discoveryETag(json: string): string {
  return `"${createHash('sha512').update(json).digest('hex').toUpperCase()}"`;
}
