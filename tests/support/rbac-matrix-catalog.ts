// The vocabulary of the authorization matrix: the resources it sends requests for (only ones both
// kcp and the reference server serve), the names, namespaces and paths it uses, and the words
// its random RBAC rules are drawn from (a superset, so that some rules never match anything).
import { apiGroupMatches, nonResourceURLMatches, resourceMatches, type PolicyRule } from './rbac-rules.js';

export interface ServedResource {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
  /** Subresources the matrix requests (get/update/patch only). */
  subresources: string[];
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const TENANCY_GROUP = 'tenancy.kcp.io';

export const SERVED_RESOURCES: readonly ServedResource[] = [
  { group: '', version: 'v1', resource: 'configmaps', namespaced: true, subresources: [] },
  { group: '', version: 'v1', resource: 'secrets', namespaced: true, subresources: [] },
  { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true, subresources: [] },
  { group: '', version: 'v1', resource: 'namespaces', namespaced: false, subresources: ['status'] },
  { group: RBAC_GROUP, version: 'v1', resource: 'roles', namespaced: true, subresources: [] },
  { group: RBAC_GROUP, version: 'v1', resource: 'rolebindings', namespaced: true, subresources: [] },
  { group: RBAC_GROUP, version: 'v1', resource: 'clusterroles', namespaced: false, subresources: [] },
  { group: RBAC_GROUP, version: 'v1', resource: 'clusterrolebindings', namespaced: false, subresources: [] },
  {
    group: TENANCY_GROUP,
    version: 'v1alpha1',
    resource: 'workspaces',
    namespaced: false,
    subresources: ['status'],
  },
];

/** Resources whose objects the matrix may really create as a user (unique names, no RBAC effect). */
export const REALLY_CREATABLE: ReadonlySet<string> = new Set(['configmaps', 'secrets', 'serviceaccounts']);

export const RESOURCE_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
] as const;
export const SUBRESOURCE_VERBS: readonly string[] = ['get', 'update', 'patch'];

/** Namespaces every matrix workspace has: `default` from the server, the others created by the test. */
export const WORKSPACE_NAMESPACES = ['default', 'ns-a', 'ns-b'] as const;
export const CREATED_NAMESPACES = ['ns-a', 'ns-b'] as const;
/** A namespace that never exists: requests into it are decided by authorization, then 404. */
export const MISSING_NAMESPACE = 'ns-z';
/** Namespaces holding a ConfigMap, Secret and ServiceAccount named EXISTING_NAME. */
export const NAMESPACES_WITH_OBJECTS = ['default', 'ns-a'] as const;
export const EXISTING_NAME = 'alpha';

/** Names requests and resourceNames are drawn from; none of them is ever deleted or created. */
export const NAME_POOL = ['alpha', 'beta', 'gamma', 'ns-a', 'default'] as const;

/** Rule vocabulary: served resources, subresources, wildcards and things nobody serves. */
export const RULE_RESOURCES_BY_GROUP: Readonly<Record<string, readonly string[]>> = {
  '': [
    'configmaps',
    'secrets',
    'serviceaccounts',
    'namespaces',
    'namespaces/status',
    'pods',
    'configmaps/status',
  ],
  [RBAC_GROUP]: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
  [TENANCY_GROUP]: ['workspaces', 'workspaces/status', 'workspacetypes'],
  apps: ['deployments', 'deployments/status'],
};
export const RULE_API_GROUPS = Object.keys(RULE_RESOURCES_BY_GROUP);
export const RULE_WILDCARD_RESOURCES = ['*', '*/status'] as const;

export const NON_RESOURCE_RULE_URLS: readonly (readonly string[])[] = [
  ['/matrix/a'],
  ['/matrix/*'],
  ['/matrix/a/*'],
  ['/matr*'],
  ['/api', '/apis'],
  ['/api/*'],
  ['/version'],
  ['/healthz'],
  ['*'],
  ['/'],
  ['/*'],
];
export const NON_RESOURCE_RULE_VERBS: readonly (readonly string[])[] = [
  ['get'],
  ['post'],
  ['get', 'post'],
  ['*'],
  ['access'],
  ['get', 'access'],
];

/** Paths of non-resource requests; /matrix... are served by nobody (404 when allowed). */
export const NON_RESOURCE_PATHS = [
  '/api',
  '/api/v1',
  '/apis',
  `/apis/${RBAC_GROUP}/v1`,
  '/version',
  '/healthz',
  '/readyz',
  '/livez',
  '/matrix/a',
  '/matrix/a/b',
  '/matrix/b',
  '/matrixx',
] as const;
/** POST is only sent to paths nobody serves, so that "allowed" reliably means 404, not a side effect. */
export const POSTABLE_PATH_PREFIX = '/matrix';

/** The ClusterRoles of kcp's bootstrap policy the matrix binds to (their rules are read from the target). */
export const BOOTSTRAP_CLUSTER_ROLES = [
  'view',
  'edit',
  'admin',
  'cluster-admin',
  'system:kcp:workspace:access',
] as const;
export const WORKSPACE_ACCESS_ROLE = 'system:kcp:workspace:access';

/** Whether some request of the matrix can match the rule (rules naming pods or deployments cannot). */
export function servable(rule: PolicyRule): boolean {
  if (rule.nonResourceURLs?.length) return NON_RESOURCE_PATHS.some((p) => nonResourceURLMatches(rule, p));
  return SERVED_RESOURCES.some(
    (r) =>
      apiGroupMatches(rule, r.group) &&
      ['', ...r.subresources].some((sub) => resourceMatches(rule, r.resource, sub)),
  );
}
