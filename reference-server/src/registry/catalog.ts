// Which resource types a logical cluster serves. Today: the built-ins, the same everywhere.
// Later CRDs and APIBindings add per-cluster types; that lookup is async (it reads the store
// through a bounded cache), so callers already await it.

import { accessReviewTypes } from './builtins/access-reviews.js';
import { configmaps } from './builtins/configmaps.js';
import { additionalBuiltinTypes } from './builtins/index.js';
import { logicalClusters } from './builtins/logicalclusters.js';
import { namespaces } from './builtins/namespaces.js';
import { selfSubjectReviews } from './builtins/selfsubjectreviews.js';
import { workspaceTypes, workspaces } from './builtins/tenancy.js';
import type { ResourceType } from './resource-type.js';

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
];

export function createCatalog(types: readonly ResourceType[] = builtinTypes): Catalog {
  const byPath = new Map(types.map((t) => [`${t.group}/${t.version}/${t.names.plural}`, t]));
  return {
    typesFor: async () => types,
    resolve: async (_cluster, group, version, plural) => byPath.get(`${group}/${version}/${plural}`),
  };
}
