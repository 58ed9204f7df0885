// Whether one set of RBAC rules covers another (Kubernetes pkg/apis/rbac/validation Covers):
// every requested rule is split into atoms — one verb, group, resource and resourceName, or one
// verb and non-resource URL — and each atom must be covered by some owned rule. Used to refuse
// RBAC writes that would grant more than their author holds.

import type { PolicyRule } from './rbac-rules.js';

const has = (list: readonly string[] | undefined, value: string) => list?.includes(value) ?? false;

function resourceCovers(owned: readonly string[] | undefined, resource: string): boolean {
  if (has(owned, '*') || has(owned, resource)) return true;
  const slash = resource.indexOf('/');
  // `*/status` covers the status subresource of every resource.
  return slash >= 0 && has(owned, `*${resource.slice(slash)}`);
}

function urlCovers(owned: readonly string[] | undefined, url: string): boolean {
  return (owned ?? []).some((o) => o === url || (o.endsWith('*') && url.startsWith(o.replace(/\*+$/, ''))));
}

function atomCovered(owner: PolicyRule, atom: PolicyRule): boolean {
  const verb = atom.verbs[0]!;
  if (!has(owner.verbs, '*') && !has(owner.verbs, verb)) return false;
  if (atom.nonResourceURLs) return urlCovers(owner.nonResourceURLs, atom.nonResourceURLs[0]!);
  const group = atom.apiGroups![0]!;
  if (!has(owner.apiGroups, '*') && !has(owner.apiGroups, group)) return false;
  if (!resourceCovers(owner.resources, atom.resources![0]!)) return false;
  const ownerNames = owner.resourceNames ?? [];
  if (!atom.resourceNames) return ownerNames.length === 0;
  return ownerNames.length === 0 || ownerNames.includes(atom.resourceNames[0]!);
}

/** One rule per verb × group × resource × name (or verb × URL), as Kubernetes breaks rules down. */
export function atomsOf(rule: PolicyRule): PolicyRule[] {
  const atoms: PolicyRule[] = [];
  for (const verb of rule.verbs) {
    for (const group of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? []) {
        const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        for (const name of names)
          atoms.push({
            verbs: [verb],
            apiGroups: [group],
            resources: [resource],
            ...(name !== undefined ? { resourceNames: [name] } : {}),
          });
      }
    for (const url of rule.nonResourceURLs ?? []) atoms.push({ verbs: [verb], nonResourceURLs: [url] });
  }
  return atoms;
}

/** The atoms of `requested` that no rule of `owned` covers (empty: covered). */
export function uncoveredRules(owned: readonly PolicyRule[], requested: readonly PolicyRule[]): PolicyRule[] {
  return requested.flatMap(atomsOf).filter((atom) => !owned.some((o) => atomCovered(o, atom)));
}

/**
 * Missing atoms merged back into rules that differ only in their verbs (Kubernetes CompactRules),
 * for a readable refusal.
 */
export function compactRules(atoms: readonly PolicyRule[]): PolicyRule[] {
  const merged = new Map<string, PolicyRule>();
  for (const atom of atoms) {
    const key = JSON.stringify({ ...atom, verbs: [] });
    const found = merged.get(key);
    if (!found) merged.set(key, { ...atom, verbs: [...atom.verbs] });
    else for (const verb of atom.verbs) if (!found.verbs.includes(verb)) found.verbs.push(verb);
  }
  return [...merged.values()];
}

/** Kubernetes' CompactString form of a rule, e.g. `{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`. */
export function describeRule(rule: PolicyRule): string {
  const q = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
  const parts: string[] = [];
  if (rule.apiGroups) parts.push(`APIGroups:${q(rule.apiGroups)}`);
  if (rule.resources) parts.push(`Resources:${q(rule.resources)}`);
  if (rule.resourceNames) parts.push(`ResourceNames:${q(rule.resourceNames)}`);
  if (rule.nonResourceURLs) parts.push(`NonResourceURLs:${q(rule.nonResourceURLs)}`);
  parts.push(`Verbs:${q(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}
