// RBAC's escalation prevention (k8s pkg/registry/rbac/*/policybased, escalation_check.go): a
// user may write a Role or ClusterRole only with rules they already hold in that place, unless
// they may `escalate` roles; and may bind a role only if they hold its rules, unless they may
// `bind` it. system:masters is exempt. Without this, anyone allowed to create RoleBindings in a
// workspace could make themselves its cluster-admin. The rules a user holds come from the same
// resolver as SelfSubjectRulesReview (kcp: bootstrap ∪ the workspace's own RBAC).

import { forbidden, notFound } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { systemMasters, type UserInfo } from '../authn/user.js';
import {
  resourceAttributes,
  type Attributes,
  type Authorizer,
  type RuleResolver,
} from '../authz/authorizer.js';
import type { RoleRefResolver } from '../authz/kcp-chain.js';
import type { RoleRef } from '../authz/policy-index.js';
import type { PolicyRule } from '../authz/rbac-rules.js';
import { compactRules, describeRule, uncoveredRules } from '../authz/rule-coverage.js';
import type { AdmissionPlugin, AdmissionRequest } from './admission.js';

const rbacGroup = 'rbac.authorization.k8s.io';
const roleTypes = new Set(['roles', 'clusterroles']);
const bindingTypes = new Set(['rolebindings', 'clusterrolebindings']);
/** What an aggregationRule may gather: everything, so only a full admin may set one. */
const fullAuthority: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

export interface EscalationDeps {
  authorize: Authorizer;
  rules: RuleResolver;
  roleRef: RoleRefResolver;
}

function refuse(r: AdmissionRequest, why: string): never {
  const resource = r.scope.type.names.plural;
  throw forbidden(`${resource}.${rbacGroup} "${r.name}" is forbidden: ${why}`, {
    name: r.name,
    group: rbacGroup,
    kind: resource,
  });
}

function rulesOf(obj: KubeObject | undefined): PolicyRule[] {
  const rules = Array.isArray(obj?.rules) ? (obj.rules as Partial<PolicyRule>[]) : [];
  return rules.map((rule) => ({ ...rule, verbs: rule.verbs ?? [] }));
}

async function allowed(
  deps: EscalationDeps,
  r: AdmissionRequest,
  attrs: Pick<Attributes, 'verb' | 'resource' | 'name'> & Partial<Pick<Attributes, 'namespace'>>,
): Promise<boolean> {
  const d = await deps.authorize(
    resourceAttributes({
      user: r.user,
      cluster: r.scope.cluster,
      group: rbacGroup,
      namespace: r.scope.namespace ?? '',
      ...attrs,
    }),
  );
  return d.decision === 'allow';
}

async function confirmNoEscalation(
  deps: EscalationDeps,
  r: AdmissionRequest,
  requested: PolicyRule[],
  user: UserInfo,
) {
  const held = await deps.rules(user, r.scope.cluster, r.scope.namespace ?? '');
  const missing = uncoveredRules(
    [...held.resourceRules, ...held.nonResourceRules].map((rule) => ({ ...rule })),
    requested,
  );
  if (missing.length === 0) return undefined;
  const groups = user.groups.map((g) => JSON.stringify(g)).join(' ');
  let message =
    `user ${JSON.stringify(user.name)} (groups=[${groups}]) is attempting to grant RBAC permissions not currently held:\n` +
    [...new Set(compactRules(missing).map(describeRule))].sort().join('\n');
  if (held.evaluationError) message += `; resolution errors: [${held.evaluationError}]`;
  return message;
}

async function checkRole(deps: EscalationDeps, r: AdmissionRequest): Promise<void> {
  if (await allowed(deps, r, { verb: 'escalate', resource: r.scope.type.names.plural, name: r.name })) return;
  const problem = await confirmNoEscalation(deps, r, rulesOf(r.object), r.user);
  if (problem) refuse(r, problem);
  if (r.object?.aggregationRule && (await confirmNoEscalation(deps, r, fullAuthority, r.user)))
    refuse(r, 'must have cluster-admin privileges to use the aggregationRule');
}

async function checkBinding(deps: EscalationDeps, r: AdmissionRequest): Promise<void> {
  const ref = (r.object?.roleRef ?? {}) as Partial<RoleRef>;
  if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') return; // validation refuses it
  const name = ref.name ?? '';
  const namespace = r.scope.namespace ?? '';
  const resource = ref.kind === 'Role' ? 'roles' : 'clusterroles';
  if (await allowed(deps, r, { verb: 'bind', resource, name, namespace })) return;
  const rules = await deps.roleRef(r.scope.cluster, namespace, { kind: ref.kind, name });
  // kube returns the lookup's NotFound as is; kcp words it with the binding's resource (probed).
  if (!rules) throw notFound({ group: rbacGroup, resource: r.scope.type.names.plural }, name);
  const problem = await confirmNoEscalation(deps, r, rules, r.user);
  if (problem) refuse(r, problem);
}

export function rbacEscalation(deps: EscalationDeps): AdmissionPlugin {
  return async (r) => {
    if (r.operation === 'delete' || r.scope.type.group !== rbacGroup) return;
    if (r.user.groups.includes(systemMasters)) return;
    const resource = r.scope.type.names.plural;
    if (roleTypes.has(resource)) await checkRole(deps, r);
    else if (bindingTypes.has(resource)) await checkBinding(deps, r);
  };
}
