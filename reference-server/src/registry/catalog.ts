// Which resource types a logical cluster serves: the built-ins, the same everywhere, plus the
// cluster's own CRDs (APIBindings later); that lookup is async (it reads the store through a
// bounded cache), so callers await it.

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
// core.kcp.io logicalclusters as a system CRD everywhere; until APIBindings exist they are
// built in, which is what clients of a universal workspace observe.
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
 * `perCluster` adds the types a logical cluster defines itself (its Established CRDs, see
 * apiextensions/crd-cache.ts); built-ins win over a CRD with the same group, version and plural.
 * Wildcard requests (`/clusters/*`) see only the built-ins: kcp serves no wildcard list of a
 * workspace's own CRDs (404).
 */
export function createCatalog(
  types: readonly ResourceType[] = builtinTypes,
  perCluster?: (cluster: string) => Promise<readonly ResourceType[]>,
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
      return byPath.get(path) ?? (await ownTypes(cluster)).find((t) => pathOf(t) === path);
    },
  };
}
