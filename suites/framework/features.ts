// Named capabilities a target may or may not have (Gateway API style: conformance/utils/suite
// features). A test lists the features it needs; it runs only when all are supported and is
// reported as skipped otherwise. Support is claimed with --features or inferred from discovery.

export const Feature = {
  /** Legacy discovery documents /api and /api/v1 are served. */
  Discovery: 'Discovery',
  /** Namespaces can be created, read, listed and deleted. */
  Namespaces: 'Namespaces',
  /** ConfigMaps can be created, read, updated, listed and deleted. */
  ConfigMaps: 'ConfigMaps',
  /** Watches (?watch=true) stream events for ConfigMaps. */
  Watch: 'Watch',
  /** Lists honour ?labelSelector= with equality and set-based requirements. */
  LabelSelectors: 'LabelSelectors',
  /** Workspaces (tenancy.kcp.io) can be created under a parent workspace. */
  Workspaces: 'Workspaces',
  /** APIExport/APIBinding (apis.kcp.io) can bind APIs into a workspace. */
  APIBinding: 'APIBinding',
  /** /clusters/* list and watch across logical clusters (needs a privileged identity). */
  WildcardRequests: 'WildcardRequests',
} as const;

export type FeatureName = (typeof Feature)[keyof typeof Feature];

export const ALL_FEATURES: readonly FeatureName[] = Object.values(Feature);

export function isFeatureName(value: string): value is FeatureName {
  return (ALL_FEATURES as readonly string[]).includes(value);
}

/** Parses a comma-separated --features value; throws on names the suite does not know. */
export function parseFeatureList(value: string): FeatureName[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isFeatureName(name));
  if (unknown.length > 0) {
    throw new Error(`unknown feature(s) ${unknown.join(', ')}; known: ${ALL_FEATURES.join(', ')}`);
  }
  return [...new Set(names as FeatureName[])];
}
