// The RBAC objects of one logical cluster, indexed for authorization: roles by name, bindings by
// the subjects they name. Built once from the cluster's four RBAC collections (policy-cache.ts
// keeps a bounded number of them), so a request costs a few map lookups and only the bindings
// that can name its user are visited, however many bindings the cluster holds.

import type { KubeObject } from '../api/types.js';
import type { UserInfo } from '../authn/user.js';
import { matchesLabelSelector, type LabelSelector } from './label-selector.js';
import { subjectKey, userKeys, type PolicyRule, type Subject } from './rbac-rules.js';

export interface RoleRef {
  kind: 'Role' | 'ClusterRole';
  name: string;
}

export interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** '' for ClusterRoleBindings. */
  namespace: string;
  roleRef: RoleRef;
  subjects: Subject[];
}

export interface PolicyIndex {
  /** Effective rules of each ClusterRole (aggregated ones include what they select). */
  clusterRoles: Map<string, PolicyRule[]>;
  /** Rules of each Role, by `<namespace>/<name>`. */
  roles: Map<string, PolicyRule[]>;
  /** ClusterRoleBindings by subject key (rbac-rules.ts subjectKey), in name order. */
  clusterRoleBindings: Map<string, Binding[]>;
  /** RoleBindings by namespace, then subject key. */
  roleBindings: Map<string, Map<string, Binding[]>>;
  /** How many RBAC objects the index was built from (cache accounting). */
  size: number;
}

function rulesOf(obj: KubeObject): PolicyRule[] {
  const rules = Array.isArray(obj.rules) ? (obj.rules as Partial<PolicyRule>[]) : [];
  return rules.map((r) => ({
    verbs: r.verbs ?? [],
    ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}),
    ...(r.resources ? { resources: r.resources } : {}),
    ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
    ...(r.nonResourceURLs ? { nonResourceURLs: r.nonResourceURLs } : {}),
  }));
}

function bindingOf(obj: KubeObject, kind: Binding['kind']): Binding | undefined {
  const ref = obj.roleRef as { kind?: string; name?: string } | undefined;
  if (!ref?.name || (ref.kind !== 'Role' && ref.kind !== 'ClusterRole')) return undefined;
  const subjects = Array.isArray(obj.subjects) ? (obj.subjects as Partial<Subject>[]) : [];
  return {
    kind,
    name: obj.metadata?.name ?? '',
    namespace: kind === 'RoleBinding' ? (obj.metadata?.namespace ?? '') : '',
    roleRef: { kind: ref.kind, name: ref.name },
    subjects: subjects
      .filter((s) => s.kind && s.name)
      .map((s) => ({ kind: s.kind!, name: s.name!, ...(s.namespace ? { namespace: s.namespace } : {}) })),
  };
}

function fileBySubject(index: Map<string, Binding[]>, binding: Binding): void {
  const keys = new Set<string>();
  for (const s of binding.subjects) {
    const key = subjectKey(s, binding.namespace);
    if (key) keys.add(key);
  }
  for (const key of keys) {
    const list = index.get(key);
    if (list) list.push(binding);
    else index.set(key, [binding]);
  }
}

const byName = (a: KubeObject, b: KubeObject) =>
  (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;

export interface PolicyObjects {
  clusterRoles: KubeObject[];
  roles: KubeObject[];
  clusterRoleBindings: KubeObject[];
  roleBindings: KubeObject[];
}

/** Aggregated ClusterRoles get the rules of every ClusterRole their selectors pick (as the aggregation controller writes them). */
function aggregate(clusterRoles: KubeObject[]): Map<string, PolicyRule[]> {
  const result = new Map<string, PolicyRule[]>();
  for (const role of clusterRoles) result.set(role.metadata?.name ?? '', rulesOf(role));
  for (const role of clusterRoles) {
    const selectors = (role.aggregationRule as { clusterRoleSelectors?: LabelSelector[] } | undefined)
      ?.clusterRoleSelectors;
    if (!Array.isArray(selectors) || selectors.length === 0) continue;
    const rules = [...rulesOf(role)];
    const seen = new Set(rules.map((r) => JSON.stringify(r)));
    for (const other of clusterRoles) {
      if (other === role) continue;
      const labels = other.metadata?.labels ?? {};
      // A stored selector this cannot read is that role's problem, never the workspace's.
      if (!selectors.some((s) => selectorMatchesSafely(s, labels))) continue;
      for (const rule of rulesOf(other)) {
        const key = JSON.stringify(rule);
        if (!seen.has(key)) {
          seen.add(key);
          rules.push(rule);
        }
      }
    }
    result.set(role.metadata?.name ?? '', rules);
  }
  return result;
}

function selectorMatchesSafely(selector: LabelSelector | null, labels: Record<string, string>): boolean {
  try {
    return matchesLabelSelector(selector, labels);
  } catch {
    return false;
  }
}

export function buildPolicyIndex(objects: PolicyObjects): PolicyIndex {
  const roles = new Map<string, PolicyRule[]>();
  for (const role of objects.roles)
    roles.set(`${role.metadata?.namespace ?? ''}/${role.metadata?.name ?? ''}`, rulesOf(role));
  const clusterRoleBindings = new Map<string, Binding[]>();
  for (const obj of [...objects.clusterRoleBindings].sort(byName)) {
    const b = bindingOf(obj, 'ClusterRoleBinding');
    if (b) fileBySubject(clusterRoleBindings, b);
  }
  const roleBindings = new Map<string, Map<string, Binding[]>>();
  for (const obj of [...objects.roleBindings].sort(byName)) {
    const b = bindingOf(obj, 'RoleBinding');
    if (!b) continue;
    let inNamespace = roleBindings.get(b.namespace);
    if (!inNamespace) roleBindings.set(b.namespace, (inNamespace = new Map()));
    fileBySubject(inNamespace, b);
  }
  return {
    clusterRoles: aggregate(objects.clusterRoles),
    roles,
    clusterRoleBindings,
    roleBindings,
    size:
      objects.clusterRoles.length +
      objects.roles.length +
      objects.clusterRoleBindings.length +
      objects.roleBindings.length,
  };
}

/**
 * The bindings of the index that may name the user (by name or group); with `namespace` '' only
 * ClusterRoleBindings. `ordered`: ClusterRoleBindings first, each once, in name order within its
 * kind (for rules reviews); otherwise in index order, possibly repeated, and cheaper — enough to
 * decide a request.
 */
export function candidateBindings(
  index: PolicyIndex,
  user: UserInfo,
  namespace: string,
  ordered: boolean,
): Binding[] {
  const keys = userKeys(user);
  const collect = (map: Map<string, Binding[]> | undefined): Binding[] => {
    if (!map) return [];
    const found: Binding[] = [];
    for (const key of keys) {
      const list = map.get(key);
      if (list) found.push(...list);
    }
    if (!ordered) return found;
    return [...new Set(found)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
  const cluster = collect(index.clusterRoleBindings);
  return namespace ? [...cluster, ...collect(index.roleBindings.get(namespace))] : cluster;
}
