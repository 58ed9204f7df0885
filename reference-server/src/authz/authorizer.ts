// Authorization in kcp's order (pkg/server/options/authorization.go): always-allow groups,
// always-allow paths, then the per-workspace chain. This issue has only the admin identities,
// so the per-workspace chain is the "admin" rule below; the RBAC issue replaces it with the
// workspace-content gate + RBAC inside the logical cluster, behind the same function type.

import { kcpAdminGroup, systemMasters, type UserInfo } from '../authn/user.js';

export interface Attributes {
  user: UserInfo;
  /** Logical cluster name; undefined for requests without one (shard-level paths). */
  cluster?: string;
  verb: string;
  isResourceRequest: boolean;
  path: string;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

export type Decision = { decision: 'allow' } | { decision: 'deny' | 'no-opinion'; reason: string };

export type Authorizer = (a: Attributes) => Promise<Decision>;

const allow: Decision = { decision: 'allow' };

export const alwaysAllowPaths = new Set(['/healthz', '/readyz', '/livez']);

export function alwaysAllowGroupsAuthorizer(groups: readonly string[]): Authorizer {
  return async (a) =>
    a.user.groups.some((g) => groups.includes(g)) ? allow : { decision: 'no-opinion', reason: '' };
}

export function alwaysAllowPathsAuthorizer(): Authorizer {
  return async (a) =>
    !a.isResourceRequest && alwaysAllowPaths.has(a.path) ? allow : { decision: 'no-opinion', reason: '' };
}

/**
 * Members of system:kcp:admin are cluster-admin in every existing logical cluster (kcp binds the
 * group to cluster-admin in system:admin), but wildcard and cluster-less requests stay reserved
 * to system:masters. `clusterExists` is how kcp's workspace content authorizer refuses clusters
 * without a LogicalCluster.
 */
export function adminAuthorizer(clusterExists: (name: string) => Promise<boolean>): Authorizer {
  return async (a) => {
    if (!a.user.groups.includes(kcpAdminGroup)) return { decision: 'no-opinion', reason: '' };
    if (a.cluster === undefined) {
      // Top-level /metrics is authorized as if in root, where kcp-admin is cluster-admin.
      return !a.isResourceRequest && a.path === '/metrics' ? allow : { decision: 'no-opinion', reason: '' };
    }
    if (a.cluster === '*') return { decision: 'no-opinion', reason: '' };
    if (!(await clusterExists(a.cluster))) return { decision: 'deny', reason: 'access denied' };
    return allow;
  };
}

/** First decisive answer wins; if none decides, the request is denied. */
export function unionAuthorizer(authorizers: Authorizer[]): Authorizer {
  return async (a) => {
    let reason = '';
    for (const authz of authorizers) {
      const d = await authz(a);
      if (d.decision === 'allow') return d;
      if (d.decision === 'deny') return d;
      if (d.reason) reason = d.reason;
    }
    return { decision: 'deny', reason };
  };
}

export function defaultAuthorizer(clusterExists: (name: string) => Promise<boolean>): Authorizer {
  return unionAuthorizer([
    alwaysAllowGroupsAuthorizer([systemMasters]),
    alwaysAllowPathsAuthorizer(),
    adminAuthorizer(clusterExists),
  ]);
}
