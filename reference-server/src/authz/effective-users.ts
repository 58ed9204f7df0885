// Who a user counts as inside one logical cluster (kcp-dev/kubernetes
// pkg/registry/rbac/validation/kcp.go EffectiveUsers). Ordinary users are global. A service
// account belongs to its home cluster, and scopes (`cluster:<name>` values in user extra) limit
// an identity to the clusters they name. Outside its scope an authenticated identity counts only
// as system:anonymous in system:authenticated (+ system:cluster:<scope> for each scope), so RBAC
// there can grant it something only through those groups; it never matches its own name,
// system:serviceaccounts or a ServiceAccount subject.

import {
  anonymousUserName,
  authenticatedGroup,
  clusterNameExtraKey,
  isServiceAccount,
  scopesExtraKey,
  unauthenticatedGroup,
  type UserInfo,
} from '../authn/user.js';

const clusterScopePrefix = 'cluster:';

/** A service account whose home cluster is not `cluster` (or unknown) is foreign there. */
export function isForeign(user: UserInfo, cluster: string): boolean {
  const homes = user.extra?.[clusterNameExtraKey] ?? [];
  if (homes.length === 0) return false;
  return homes.length !== 1 || homes[0] !== cluster;
}

/** True when the identity counts as itself in `cluster`. */
export function isInScope(user: UserInfo, cluster: string): boolean {
  if (isServiceAccount(user) && isForeign(user, cluster)) return false;
  for (const value of user.extra?.[scopesExtraKey] ?? []) {
    const scopes = value.split(',');
    if (
      !scopes.some((s) => s.startsWith(clusterScopePrefix) && s.slice(clusterScopePrefix.length) === cluster)
    )
      return false;
  }
  return true;
}

/** The scopes every scope value allows (their intersection). */
function effectiveScopes(values: readonly string[]): string[] {
  if (values.length === 0) return [];
  let scopes = values[0]!.split(',');
  for (const value of values.slice(1)) {
    const further = value.split(',');
    scopes = scopes.filter((s) => further.includes(s));
  }
  return scopes;
}

/**
 * The identities RBAC matches subjects against in `cluster` (warrants are not issued by this
 * server, so they are not followed).
 */
export function effectiveUsers(user: UserInfo, cluster: string): UserInfo[] {
  if (isInScope(user, cluster)) return [user];
  if (!user.groups.includes(authenticatedGroup))
    return [{ name: anonymousUserName, uid: '', groups: [unauthenticatedGroup] }];
  const groups = [authenticatedGroup];
  for (const scope of effectiveScopes(user.extra?.[scopesExtraKey] ?? []))
    if (scope.startsWith(clusterScopePrefix)) groups.push(`system:${scope}`);
  return [{ name: anonymousUserName, uid: '', groups }];
}

/** All groups of the effective users (kcp EffectiveGroups), for required-groups checks. */
export function effectiveGroups(user: UserInfo, cluster: string): Set<string> {
  return new Set(effectiveUsers(user, cluster).flatMap((u) => u.groups));
}

/** True when one of the effective users is in `group` (cheaper than effectiveGroups for one group). */
export function hasEffectiveGroup(user: UserInfo, cluster: string, group: string): boolean {
  return effectiveUsers(user, cluster).some((u) => u.groups.includes(group));
}
