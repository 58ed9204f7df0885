// RBAC inside one logical cluster, as kcp composes it: the bootstrap policy kept in the
// `system:admin` cluster applies everywhere, and the cluster's own bindings apply in it; roles
// named by a cluster's bindings are looked up in the cluster and in system:admin, and same-named
// roles of both are merged (kcp pkg/authorization/local_authorizer.go,
// bootstrap_policy_authorizer.go). Subjects are matched against the user's effective identities
// in that cluster (effective-users.ts).

import type { UserInfo } from '../authn/user.js';
import type { NonResourceRule, ResourceRule, RulesReview } from './authorizer.js';
import { effectiveUsers } from './effective-users.js';
import { candidateBindings, type Binding, type PolicyIndex, type RoleRef } from './policy-index.js';
import { ruleAllows, subjectMatches, type PolicyRule, type RuleRequest } from './rbac-rules.js';

export const systemAdminCluster = 'system:admin';

export interface PolicySources {
  /** The system:admin cluster's index. */
  bootstrap: PolicyIndex;
  /** The target cluster's index (undefined when it is system:admin itself). */
  local?: PolicyIndex;
}

type Visitor = (binding: Binding, rules: PolicyRule[] | undefined) => boolean;

/**
 * The rules of a binding's role. kcp merges same-named roles of the cluster and of system:admin
 * (virtual-workspace-framework wrappers/rbac/merging.go), so a workspace's own `edit` adds to
 * the bootstrap `edit` instead of replacing it.
 */
function roleRules(binding: Binding, owner: PolicyIndex, bootstrap: PolicyIndex): PolicyRule[] | undefined {
  const key =
    binding.roleRef.kind === 'ClusterRole'
      ? binding.roleRef.name
      : `${binding.namespace}/${binding.roleRef.name}`;
  const lookup = (index: PolicyIndex) =>
    binding.roleRef.kind === 'ClusterRole' ? index.clusterRoles.get(key) : index.roles.get(key);
  const own = lookup(owner);
  const shared = owner === bootstrap ? undefined : lookup(bootstrap);
  if (own && shared) return [...own, ...shared];
  return own ?? shared;
}

/**
 * Calls `visit` for each binding that names one of the user's effective identities, with the
 * rules of its role (undefined when the role does not exist); stops when `visit` returns false.
 * With `namespace` '' only ClusterRoleBindings count.
 */
function visitRules(
  sources: PolicySources,
  user: UserInfo,
  cluster: string,
  namespace: string,
  ordered: boolean,
  visit: Visitor,
): void {
  const users = effectiveUsers(user, cluster);
  const owners = sources.local ? [sources.bootstrap, sources.local] : [sources.bootstrap];
  for (const owner of owners) {
    const seen = new Set<Binding>();
    for (const u of users) {
      for (const binding of candidateBindings(owner, u, namespace, ordered)) {
        if (seen.has(binding)) continue;
        if (!binding.subjects.some((s) => subjectMatches(s, u, binding.namespace))) continue;
        seen.add(binding);
        if (!visit(binding, roleRules(binding, owner, sources.bootstrap))) return;
      }
    }
  }
}

/** True when some binding of the user grants the request. */
export function rbacAllows(
  sources: PolicySources,
  user: UserInfo,
  cluster: string,
  namespace: string,
  request: RuleRequest,
): boolean {
  let allowed = false;
  visitRules(sources, user, cluster, namespace, false, (_binding, rules) => {
    allowed = rules?.some((rule) => ruleAllows(rule, request)) ?? false;
    return !allowed;
  });
  return allowed;
}

/** Everything the user may do in the cluster and namespace (SelfSubjectRulesReview). */
export function rbacRules(
  sources: PolicySources,
  user: UserInfo,
  cluster: string,
  namespace: string,
): RulesReview {
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  const errors: string[] = [];
  visitRules(sources, user, cluster, namespace, true, (binding, rules) => {
    if (!rules) {
      const kind = binding.roleRef.kind === 'ClusterRole' ? 'clusterrole' : 'role';
      errors.push(`${kind}.rbac.authorization.k8s.io "${binding.roleRef.name}" not found`);
      return true;
    }
    for (const rule of rules) {
      if (rule.resources?.length)
        resourceRules.push({
          verbs: rule.verbs,
          ...(rule.apiGroups ? { apiGroups: rule.apiGroups } : {}),
          resources: rule.resources,
          ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
        });
      if (rule.nonResourceURLs?.length)
        nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs });
    }
    return true;
  });
  return {
    resourceRules,
    nonResourceRules,
    incomplete: errors.length > 0,
    ...(errors.length > 0 ? { evaluationError: errors.join(', ') } : {}),
  };
}

/** The rules of the role a binding refers to (kcp: the cluster's and system:admin's, merged). */
export function referencedRoleRules(
  sources: PolicySources,
  roleRef: RoleRef,
  namespace: string,
): PolicyRule[] | undefined {
  const binding: Binding = {
    kind: roleRef.kind === 'Role' ? 'RoleBinding' : 'ClusterRoleBinding',
    name: '',
    namespace,
    roleRef,
    subjects: [],
  };
  return roleRules(binding, sources.local ?? sources.bootstrap, sources.bootstrap);
}
