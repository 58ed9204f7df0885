// Kubernetes RBAC (rbac.authorization.k8s.io/v1) semantics, written from the API's documented
// behaviour for the authorization matrix's oracle: how one PolicyRule matches request
// attributes, how a binding's subjects match an identity, and which bindings and roles an
// evaluation scope consults. Nothing here is kcp-specific; kcp's chain is in rbac-oracle.ts.
// Deliberately independent of reference-server/src/authz: the oracle must not share a bug with
// the code it checks.

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup?: string;
}

export interface ClusterRole {
  name: string;
  rules: PolicyRule[];
}
export interface Role {
  namespace: string;
  name: string;
  rules: PolicyRule[];
}
export interface ClusterRoleBinding {
  name: string;
  roleRef: RoleRef;
  subjects: Subject[];
}
export interface RoleBinding {
  namespace: string;
  name: string;
  roleRef: RoleRef;
  subjects: Subject[];
}

/** The RBAC objects of one logical cluster. */
export interface RbacPolicy {
  clusterRoles: ClusterRole[];
  roles: Role[];
  clusterRoleBindings: ClusterRoleBinding[];
  roleBindings: RoleBinding[];
}

export const emptyPolicy = (): RbacPolicy => ({
  clusterRoles: [],
  roles: [],
  clusterRoleBindings: [],
  roleBindings: [],
});

/** The user as the authorizer sees it, after authentication/impersonation added its groups. */
export interface Identity {
  name: string;
  groups: string[];
}

export interface ResourceAttributes {
  kind: 'resource';
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  /** Empty for cluster-scoped requests and for lists/watches across all namespaces. */
  namespace: string;
  /** Empty for list/watch without a metadata.name field selector and for create. */
  name: string;
}
export interface NonResourceAttributes {
  kind: 'nonResource';
  verb: string;
  path: string;
}
export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

const ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === group);
}

/**
 * `*` matches every resource and subresource; `configmaps` only the resource itself (not its
 * subresources); `namespaces/status` that subresource; `*\/status` the status subresource of
 * any resource (but not a resource without subresource).
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some(
    (r) => r === ALL || r === combined || (subresource !== '' && r === `${ALL}/${subresource}`),
  );
}

/** An empty resourceNames list allows every name, including "no name" (list, create). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** Exact path, `*`, or a prefix when the rule's URL ends in `*` (`/matrix/*` covers `/matrix/a/b`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (u) => u === ALL || u === path || (u.endsWith(ALL) && path.startsWith(u.replace(/\*+$/, ''))),
  );
}

export function ruleAllows(rule: PolicyRule, attributes: RequestAttributes): boolean {
  if (!verbMatches(rule, attributes.verb)) return false;
  if (attributes.kind === 'nonResource') return nonResourceURLMatches(rule, attributes.path);
  return (
    apiGroupMatches(rule, attributes.apiGroup) &&
    resourceMatches(rule, attributes.resource, attributes.subresource) &&
    resourceNameMatches(rule, attributes.name)
  );
}

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/**
 * A ServiceAccount subject names `system:serviceaccount:<ns>:<name>`; in a RoleBinding its
 * namespace defaults to the binding's, in a ClusterRoleBinding it must be given.
 */
export function subjectMatches(subject: Subject, identity: Identity, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return identity.name === subject.name;
    case 'Group':
      return identity.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace !== '' && identity.name === `${SERVICE_ACCOUNT_PREFIX}${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

export function isServiceAccountName(name: string): boolean {
  return name.startsWith(SERVICE_ACCOUNT_PREFIX);
}

/** Where a binding and its roles come from, for the oracle's explanations. */
export interface ScopedBinding {
  /** e.g. `ClusterRoleBinding mx-crb-1 in root:run:a`. */
  description: string;
  subjects: Subject[];
  /** Namespace of a RoleBinding; '' for a ClusterRoleBinding. */
  namespace: string;
  /** The referenced role's rules; undefined when it does not exist (a dangling roleRef grants nothing). */
  rules: { role: string; rules: PolicyRule[] } | undefined;
}

export interface RuleMatch {
  binding: string;
  role: string;
  rule: PolicyRule;
}

export interface ScopeEvaluation {
  match: RuleMatch | undefined;
  /** Every binding whose subjects matched the identity, whether or not a rule matched. */
  applicableBindings: string[];
}

/**
 * RBAC's one decision procedure: allowed when some binding whose subjects include the identity
 * references a role with a rule that allows the attributes. RBAC has no deny rules.
 */
export function evaluateScope(
  bindings: ScopedBinding[],
  identity: Identity,
  attributes: RequestAttributes,
): ScopeEvaluation {
  const applicableBindings: string[] = [];
  let match: RuleMatch | undefined;
  for (const binding of bindings) {
    if (!binding.subjects.some((s) => subjectMatches(s, identity, binding.namespace))) continue;
    const role = binding.rules;
    applicableBindings.push(`${binding.description} → ${role ? role.role : 'missing role (grants nothing)'}`);
    if (match || !role) continue;
    const rule = role.rules.find((r) => ruleAllows(r, attributes));
    if (rule) match = { binding: binding.description, role: role.role, rule };
  }
  return { match, applicableBindings };
}

/** A rule in the compact form kubectl and the apiserver use in messages. */
export function describeRule(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`apiGroups=${JSON.stringify(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`resources=${JSON.stringify(rule.resources)}`);
  if (rule.nonResourceURLs?.length) parts.push(`nonResourceURLs=${JSON.stringify(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`resourceNames=${JSON.stringify(rule.resourceNames)}`);
  parts.push(`verbs=${JSON.stringify(rule.verbs)}`);
  return `{${parts.join(' ')}}`;
}

export function describeAttributes(a: RequestAttributes): string {
  if (a.kind === 'nonResource') return `${a.verb} ${a.path} (non-resource)`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const group = a.apiGroup === '' ? 'core' : a.apiGroup;
  const where = a.namespace ? ` in namespace ${a.namespace}` : ' (cluster scope)';
  const name = a.name ? ` name=${a.name}` : '';
  return `${a.verb} ${resource}.${group}${name}${where}`;
}
