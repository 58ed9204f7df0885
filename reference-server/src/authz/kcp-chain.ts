// kcp's RBAC authorizer chain for one request (kcp pkg/authorization: requiredgroups_authorizer.go,
// workspace_content_authorizer.go, local/bootstrap authorizers, decorator.go):
// 1. required groups: a LogicalCluster annotated `authorization.kcp.io/required-groups` admits only
//    callers in one of its group sets (service accounts and logical-cluster admins pass);
// 2. the workspace content gate: the LogicalCluster must exist (else deny) and be in a phase that
//    serves content, and the caller needs the non-resource verb `access` on `/` from the
//    cluster's ClusterRoleBindings or system:admin's — unless it is a service account of that
//    cluster. Clusters named system:* are for system:masters only; a lifecycle virtual
//    workspace's synthetic group (`system:kcp:initializer:*`, `system:kcp:terminator:*`) is let
//    in while the cluster initializes or terminates, and needs nothing more;
// 3. RBAC: system:admin's bindings ∪ the cluster's own.
// Shard-level paths (/metrics) carry no workspace: they are authorized by root's RBAC alone.
// Every answer leaves the chain anonymized, as kcp's decorator does: "access granted" or
// "access denied", so callers learn nothing about another tenant's policy.

import {
  isLifecycleGroup,
  isServiceAccount,
  kcpAdminGroup,
  logicalClusterAdminGroup,
  workspaceBootstrapperGroup,
} from '../authn/user.js';
import {
  allow,
  deny,
  noOpinion,
  type Attributes,
  type Authorizer,
  type Decision,
  type RuleResolver,
} from './authorizer.js';
import { effectiveGroups, hasEffectiveGroup, isInScope } from './effective-users.js';
import type { ClusterPolicy, PolicyCache } from './policy-cache.js';
import type { RoleRef } from './policy-index.js';
import type { PolicyRule } from './rbac-rules.js';
import {
  rbacAllows,
  rbacRules,
  referencedRoleRules,
  systemAdminCluster,
  type PolicySources,
} from './rbac-evaluator.js';

const rootCluster = 'root';
/** kcp pkg/authorization/shardpaths: non-resource paths served per shard, authorized in root. */
export const shardLevelPaths = new Set(['/metrics']);
const contentPhases = new Set(['Initializing', 'Ready', 'Inactive', 'Terminating', 'Deleting']);
const lifecyclePhases = new Set(['Initializing', 'Terminating', 'Deleting']);

const granted = allow('access granted');
const denied = (d: Decision): Decision =>
  d.decision === 'allow' ? granted : { decision: d.decision, reason: 'access denied' };

async function sources(
  cache: PolicyCache,
  cluster: string,
): Promise<{ sources: PolicySources; target: ClusterPolicy }> {
  const bootstrap = await cache.get(systemAdminCluster);
  if (cluster === systemAdminCluster) return { sources: { bootstrap: bootstrap.policy }, target: bootstrap };
  const target = await cache.get(cluster);
  return { sources: { bootstrap: bootstrap.policy, local: target.policy }, target };
}

function rbacDecision(s: PolicySources, a: Attributes, cluster: string): Decision {
  return rbacAllows(s, a.user, cluster, a.namespace, a)
    ? allow('allowed by RBAC')
    : noOpinion('RBAC: no rule');
}

function requiredGroups(a: Attributes, cluster: string, target: ClusterPolicy): Decision | undefined {
  const value = target.logicalCluster?.requiredGroups;
  if (value === undefined || isServiceAccount(a.user)) return undefined;
  const groups = effectiveGroups(a.user, cluster);
  if (groups.has(logicalClusterAdminGroup)) return undefined;
  const clauses = [...value.split(';'), kcpAdminGroup, workspaceBootstrapperGroup];
  if (clauses.some((clause) => clause.split(',').every((g) => groups.has(g)))) return undefined;
  return deny(`user is not a member of required groups: ${value}`);
}

function contentGate(
  a: Attributes,
  cluster: string,
  s: PolicySources,
  target: ClusterPolicy,
): Decision | undefined {
  if (cluster.startsWith('system:')) return noOpinion('empty or system workspace');
  if (hasEffectiveGroup(a.user, cluster, logicalClusterAdminGroup)) return undefined;
  const lc = target.logicalCluster;
  if (!lc) return deny('LogicalCluster not found');
  if (!contentPhases.has(lc.phase)) return noOpinion(`not permitted due to phase "${lc.phase}"`);
  if (isServiceAccount(a.user) && isInScope(a.user, cluster)) return undefined;
  const access = {
    verb: 'access',
    isResourceRequest: false,
    path: '/',
    group: '',
    resource: '',
    subresource: '',
    name: '',
  };
  // The gate reads ClusterRoleBindings only (namespace ''), of the cluster and of system:admin.
  if (!rbacAllows(s, a.user, cluster, '', access)) return noOpinion('no verb=access permission on /');
  return undefined;
}

export function kcpAuthorizer(cache: PolicyCache): Authorizer {
  return async (a) => {
    if (a.cluster === undefined) {
      if (a.isResourceRequest || !shardLevelPaths.has(a.path)) return denied(noOpinion('empty cluster name'));
      const { sources: s } = await sources(cache, rootCluster);
      return denied(rbacDecision(s, a, rootCluster));
    }
    const cluster = a.cluster;
    // `*` is no logical cluster: only system:masters lists across clusters.
    if (cluster === '*') return denied(deny('LogicalCluster not found'));
    const { sources: s, target } = await sources(cache, cluster);
    const required = requiredGroups(a, cluster, target);
    if (required) return denied(required);
    // kcp workspace_content_authorizer.go: "lifecycle VW pre-authorized access".
    const phase = target.logicalCluster?.phase ?? '';
    if (lifecyclePhases.has(phase) && a.user.groups.some(isLifecycleGroup)) return granted;
    const gate = contentGate(a, cluster, s, target);
    if (gate) return denied(gate);
    return denied(rbacDecision(s, a, cluster));
  };
}

/**
 * RBAC alone, without the required-groups and content gates: what kcp asks through a "deep"
 * SubjectAccessReview, e.g. admission checking `use` on a WorkspaceType in the type's workspace.
 */
export function rbacOnlyAuthorizer(cache: PolicyCache): Authorizer {
  return async (a) => {
    if (a.cluster === undefined || a.cluster === '*') return denied(noOpinion());
    const { sources: s } = await sources(cache, a.cluster);
    return denied(rbacDecision(s, a, a.cluster));
  };
}

/** SelfSubjectRulesReview's resolver: kcp's union of bootstrap and local rules (no gates). */
export function kcpRuleResolver(cache: PolicyCache): RuleResolver {
  return async (user, cluster, namespace) => {
    const { sources: s } = await sources(cache, cluster);
    return rbacRules(s, user, cluster, namespace);
  };
}

/** The rules of a role a binding in `cluster`/`namespace` refers to; undefined when it does not exist. */
export type RoleRefResolver = (
  cluster: string,
  namespace: string,
  roleRef: RoleRef,
) => Promise<PolicyRule[] | undefined>;

export function kcpRoleRefResolver(cache: PolicyCache): RoleRefResolver {
  return async (cluster, namespace, roleRef) => {
    const { sources: s } = await sources(cache, cluster);
    return referencedRoleRules(s, roleRef, namespace);
  };
}
