// Which resource types a logical cluster serves: the built-ins, the same everywhere, plus what
// the cluster adds itself (its APIBindings' resources and its CRDs); that lookup is async (it reads
// the store through bounded caches), so callers await it.

import { accessReviewTypes } from './builtins/access-reviews.js';
import { configmaps } from './builtins/configmaps.js';
import { customResourceDefinitions } from './builtins/crds.js';
import { additionalBuiltinTypes } from './builtins/index.js';
import { logicalClusters } from './builtins/logicalclusters.js';
import { namespaces } from './builtins/namespaces.js';
import { selfSubjectReviews } from './builtins/selfsubjectreviews.js';
import { workspaceTypes, workspaces } from './builtins/tenancy.js';
import type { ResourceType } from './resource-type.js';
import { allClusters } from './scope.js';

export interface Catalog {
  /** Every type served in `cluster`, all versions. */
  typesFor(cluster: string): Promise<readonly ResourceType[]>;
  /** The type served at /<group>/<version>/<plural> in `cluster`, if any. */
  resolve(cluster: string, group: string, version: string, plural: string): Promise<ResourceType | undefined>;
}

// kcp serves tenancy.kcp.io in universal workspaces through default APIBindings and
// core.kcp.io logicalclusters as a system CRD everywhere. Here they are built in: workspaces get
// those default bindings too (apis/root-apis.ts), but a built-in wins over a bound resource of the
// same group, version and plural, so Workspaces keep their own strategy and controllers.
export const builtinTypes: readonly ResourceType[] = [
  namespaces,
  configmaps,
  ...additionalBuiltinTypes,
  workspaces,
  workspaceTypes,
  logicalClusters,
  selfSubjectReviews,
  ...accessReviewTypes,
  customResourceDefinitions,
];

/**
 * `perCluster` adds the types a logical cluster defines itself (its bound resources, then its
 * Established CRDs: apis/bound-types.ts, apiextensions/crd-cache.ts); built-ins win over those
 * with the same group, version and plural, and the first of those wins over the rest.
 * Wildcard requests (`/clusters/*`) see only the built-ins (kcp serves no wildcard list of a
 * workspace's own CRDs: 404) and what `wildcardOnly` resolves.
 */
export function createCatalog(
  types: readonly ResourceType[] = builtinTypes,
  perCluster?: (cluster: string) => Promise<readonly ResourceType[]>,
  /**
   * Types only a wildcard request names, such as kcp's `<resource>:<identity hash>` for the
   * objects of one APIExport identity across every workspace bound to it.
   */
  wildcardOnly?: (group: string, version: string, plural: string) => Promise<ResourceType | undefined>,
): Catalog {
  const pathOf = (t: ResourceType) => `${t.group}/${t.version}/${t.names.plural}`;
  const byPath = new Map(types.map((t) => [pathOf(t), t]));
  const ownTypes = async (cluster: string): Promise<readonly ResourceType[]> =>
    perCluster && cluster !== allClusters
      ? (await perCluster(cluster)).filter((t) => !byPath.has(pathOf(t)))
      : [];
  return {
    typesFor: async (cluster) => {
      const own = await ownTypes(cluster);
      return own.length === 0 ? types : [...types, ...own];
    },
    resolve: async (cluster, group, version, plural) => {
      const path = `${group}/${version}/${plural}`;
      const found = byPath.get(path) ?? (await ownTypes(cluster)).find((t) => pathOf(t) === path);
      if (found || cluster !== allClusters || !wildcardOnly) return found;
      return wildcardOnly(group, version, plural);
    },
  };
}
