// The authorization matrix's oracle: what kcp decides for a request, computed from RBAC objects
// alone. It follows kcp's authorizer chain as documented in ../../../shared/kcp-behavior.md §5
// (and kcp pkg/authorization, pkg/server/options/authorization.go), on top of plain RBAC
// matching from rbac-rules.ts:
//
//   1. system:masters is always allowed;
//   2. /healthz, /readyz, /livez are always allowed (also under /clusters/<ws>/);
//   3. no cluster, or a system:* cluster → denied (only masters get in);
//   4. workspace content gate: unless the identity is a service account (without a foreign home
//      cluster) or a logical-cluster admin, it needs verb `access` on `/` from the workspace's
//      ClusterRoleBindings or system:admin's, with ClusterRoles of the workspace and of
//      system:admin merged by name — otherwise nothing is allowed, not even discovery;
//   5. apis.kcp.io apibindings/status and apiexports/status are never allowed;
//   6. maximal permission policy: a resource that the workspace has from an APIBinding whose
//      APIExport has a local policy must also be allowed to the identity prefixed with
//      `apis.kcp.io:binding:` by the RBAC of the export's workspace;
//   7. union of the bootstrap policy (system:admin's bindings and roles, in every workspace) and
//      the workspace's own RBAC (its bindings, with roles looked up in the workspace and in
//      system:admin, same-named roles merged).
//
// Not modelled (the matrix never produces them): required-groups annotations, scopes and warrants
// in user extra, foreign service accounts, lifecycle groups, shard-level paths such as /metrics,
// webhook authorizers, LogicalCluster phases other than Ready.
import {
  describeRule,
  evaluateScope,
  isServiceAccountName,
  type Identity,
  type PolicyRule,
  type RbacPolicy,
  type RequestAttributes,
  type ScopedBinding,
} from './rbac-rules.js';

export const SYSTEM_MASTERS = 'system:masters';
export const LOGICAL_CLUSTER_ADMIN = 'system:kcp:logical-cluster-admin';
export const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';
const ANONYMOUS = 'system:anonymous';
const BINDING_PREFIX = 'apis.kcp.io:binding:';
export const ALWAYS_ALLOWED_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/livez']);

/** A resource a workspace has through an APIBinding. */
export interface BoundResource {
  group: string;
  resource: string;
  /** Present when the bound APIExport has `maximalPermissionPolicy.local`. */
  maximalPermissionPolicy?: { exportCluster: string; policy: RbacPolicy };
}

export interface WorkspacePolicy {
  rbac: RbacPolicy;
  boundResources: BoundResource[];
}

export interface KcpPolicyWorld {
  /** RBAC of the `system:admin` logical cluster: kcp's bootstrap policy, effective in every workspace. */
  systemAdmin: RbacPolicy;
  /** Keyed by the cluster as requests address it (a workspace path such as root:org:ws). */
  workspaces: ReadonlyMap<string, WorkspacePolicy>;
}

export type VerdictBasis =
  | 'system:masters'
  | 'always-allowed path'
  | 'no workspace'
  | 'content gate'
  | 'system CRD'
  | 'maximal permission policy'
  | 'bootstrap policy'
  | 'workspace ClusterRoleBinding'
  | 'workspace RoleBinding'
  | 'no matching rule';

export interface Verdict {
  allowed: boolean;
  basis: VerdictBasis;
  /** Human-readable steps: which gate, binding, role and rule decided. */
  reasoning: string[];
}

/** Rules of all same-named ClusterRoles in the given clusters, merged (kcp's merged role listers). */
function clusterRoleRules(
  sources: { label: string; policy: RbacPolicy }[],
  name: string,
): ScopedBinding['rules'] {
  const found = sources.filter((s) => s.policy.clusterRoles.some((r) => r.name === name));
  if (found.length === 0) return undefined;
  const rules: PolicyRule[] = found.flatMap(
    (s) => s.policy.clusterRoles.find((r) => r.name === name)?.rules ?? [],
  );
  return { role: `ClusterRole ${name} (from ${found.map((s) => s.label).join(' + ')})`, rules };
}

function roleRules(
  sources: { label: string; policy: RbacPolicy }[],
  namespace: string,
  name: string,
): ScopedBinding['rules'] {
  const inNamespace = (p: RbacPolicy) => p.roles.find((r) => r.namespace === namespace && r.name === name);
  const found = sources.filter((s) => inNamespace(s.policy));
  if (found.length === 0) return undefined;
  const rules = found.flatMap((s) => inNamespace(s.policy)?.rules ?? []);
  return { role: `Role ${namespace}/${name} (from ${found.map((s) => s.label).join(' + ')})`, rules };
}

interface Source {
  label: string;
  policy: RbacPolicy;
}

/** ClusterRoleBindings of `bindings`, their ClusterRoles looked up in `roleSources`. */
function clusterRoleBindings(bindings: Source, roleSources: Source[]): ScopedBinding[] {
  return bindings.policy.clusterRoleBindings.map((b) => ({
    description: `ClusterRoleBinding ${b.name} in ${bindings.label}`,
    subjects: b.subjects,
    namespace: '',
    rules: b.roleRef.kind === 'ClusterRole' ? clusterRoleRules(roleSources, b.roleRef.name) : undefined,
  }));
}

/** RoleBindings of `bindings` in one namespace; Roles and ClusterRoles looked up in `roleSources`. */
function roleBindings(bindings: Source, namespace: string, roleSources: Source[]): ScopedBinding[] {
  if (namespace === '') return [];
  return bindings.policy.roleBindings
    .filter((b) => b.namespace === namespace)
    .map((b) => ({
      description: `RoleBinding ${b.namespace}/${b.name} in ${bindings.label}`,
      subjects: b.subjects,
      namespace: b.namespace,
      rules:
        b.roleRef.kind === 'ClusterRole'
          ? clusterRoleRules(roleSources, b.roleRef.name)
          : b.roleRef.kind === 'Role'
            ? roleRules(roleSources, b.namespace, b.roleRef.name)
            : undefined,
    }));
}

/** What RBAC in another cluster sees for the maximal permission policy check (kcp PrefixUser). */
export function prefixIdentity(identity: Identity): Identity {
  if (isServiceAccountName(identity.name)) {
    // Without a home cluster in its extra, a service account is prefixed as anonymous.
    const authenticated = identity.groups.includes(AUTHENTICATED);
    return {
      name: BINDING_PREFIX + ANONYMOUS,
      groups: [BINDING_PREFIX + (authenticated ? AUTHENTICATED : UNAUTHENTICATED)],
    };
  }
  return { name: BINDING_PREFIX + identity.name, groups: identity.groups.map((g) => BINDING_PREFIX + g) };
}

const ACCESS: RequestAttributes = { kind: 'nonResource', verb: 'access', path: '/' };

function matchLine(prefix: string, m: { binding: string; role: string; rule: PolicyRule }): string {
  return `${prefix} ${m.binding} → ${m.role}, rule ${describeRule(m.rule)}`;
}

function applicableLine(what: string, applicable: string[]): string {
  return applicable.length === 0
    ? `${what}: no binding names this user or one of its groups`
    : `${what}: bindings naming this user or its groups: ${applicable.join('; ')}`;
}

/**
 * kcp's decision for `identity` doing `attributes` in the workspace addressed as `cluster`
 * (undefined: a request without /clusters/<name>).
 */
export function authorize(
  world: KcpPolicyWorld,
  identity: Identity,
  cluster: string | undefined,
  attributes: RequestAttributes,
): Verdict {
  if (identity.groups.includes(SYSTEM_MASTERS)) {
    return { allowed: true, basis: 'system:masters', reasoning: ['member of system:masters'] };
  }
  if (attributes.kind === 'nonResource' && ALWAYS_ALLOWED_PATHS.has(attributes.path)) {
    return {
      allowed: true,
      basis: 'always-allowed path',
      reasoning: [`${attributes.path} is always allowed`],
    };
  }
  const workspace = cluster === undefined ? undefined : world.workspaces.get(cluster);
  if (cluster === undefined || cluster.startsWith('system:') || workspace === undefined) {
    return {
      allowed: false,
      basis: 'no workspace',
      reasoning: [`no workspace ${cluster ?? '(none)'} known to the oracle: only system:masters gets in`],
    };
  }
  const admin: Source = { label: 'system:admin', policy: world.systemAdmin };
  const local: Source = { label: cluster, policy: workspace.rbac };
  const reasoning: string[] = [];

  // 4. Workspace content gate.
  if (isServiceAccountName(identity.name)) {
    reasoning.push('content gate skipped: a service account without foreign home cluster');
  } else if (identity.groups.includes(LOGICAL_CLUSTER_ADMIN)) {
    reasoning.push(`content gate skipped: member of ${LOGICAL_CLUSTER_ADMIN}`);
  } else {
    const gateRoles = [local, admin];
    const gate = evaluateScope(
      [...clusterRoleBindings(local, gateRoles), ...clusterRoleBindings(admin, gateRoles)],
      identity,
      ACCESS,
    );
    if (!gate.match) {
      reasoning.push('content gate: no verb=access on / in this workspace');
      reasoning.push(applicableLine('content gate', gate.applicableBindings));
      return { allowed: false, basis: 'content gate', reasoning };
    }
    reasoning.push(matchLine('content gate: access on / from', gate.match));
  }

  // 5. System CRDs.
  if (
    attributes.kind === 'resource' &&
    attributes.apiGroup === 'apis.kcp.io' &&
    attributes.subresource === 'status' &&
    (attributes.resource === 'apibindings' || attributes.resource === 'apiexports')
  ) {
    reasoning.push(`${attributes.resource}/status is never writable through RBAC`);
    return { allowed: false, basis: 'system CRD', reasoning };
  }

  // 6. Maximal permission policy of the APIExport that provides the resource.
  if (attributes.kind === 'resource') {
    const bound = workspace.boundResources.find(
      (b) => b.group === attributes.apiGroup && b.resource === attributes.resource,
    );
    const mpp = bound?.maximalPermissionPolicy;
    if (mpp) {
      const exportSource: Source = { label: mpp.exportCluster, policy: mpp.policy };
      const roles = [exportSource, admin];
      const prefixed = prefixIdentity(identity);
      const check = evaluateScope(
        [
          ...clusterRoleBindings(exportSource, roles),
          ...clusterRoleBindings(admin, roles),
          ...roleBindings(exportSource, attributes.namespace, roles),
        ],
        prefixed,
        attributes,
      );
      if (!check.match) {
        reasoning.push(
          `maximal permission policy of the APIExport in ${mpp.exportCluster} does not allow ${prefixed.name}`,
        );
        reasoning.push(applicableLine('maximal permission policy', check.applicableBindings));
        return { allowed: false, basis: 'maximal permission policy', reasoning };
      }
      reasoning.push(matchLine('maximal permission policy allows via', check.match));
    }
  }

  // 7. Bootstrap policy ∪ the workspace's own RBAC.
  const bootstrap = evaluateScope(
    [
      ...clusterRoleBindings(admin, [admin]),
      ...(attributes.kind === 'resource' ? roleBindings(admin, attributes.namespace, [admin]) : []),
    ],
    identity,
    attributes,
  );
  if (bootstrap.match) {
    reasoning.push(matchLine('allowed by bootstrap policy:', bootstrap.match));
    return { allowed: true, basis: 'bootstrap policy', reasoning };
  }
  const localRoles = [local, admin];
  const namespace = attributes.kind === 'resource' ? attributes.namespace : '';
  const own = evaluateScope(
    [...clusterRoleBindings(local, localRoles), ...roleBindings(local, namespace, localRoles)],
    identity,
    attributes,
  );
  if (own.match) {
    reasoning.push(matchLine('allowed by', own.match));
    const basis = own.match.binding.startsWith('RoleBinding')
      ? 'workspace RoleBinding'
      : 'workspace ClusterRoleBinding';
    return { allowed: true, basis, reasoning };
  }
  reasoning.push('no rule allows the request');
  reasoning.push(applicableLine('bootstrap policy', bootstrap.applicableBindings));
  reasoning.push(applicableLine('workspace RBAC', own.applicableBindings));
  return { allowed: false, basis: 'no matching rule', reasoning };
}
