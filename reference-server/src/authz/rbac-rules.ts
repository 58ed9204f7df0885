// Kubernetes RBAC matching, as rbac/v1 defines it (k8s pkg/apis/rbac/v1/evaluation_helpers.go
// semantics): which rules allow a request, and which binding subjects name a user. Pure
// functions over plain data; the policy index (policy-index.ts) decides which rules to ask.

import { isServiceAccount, serviceAccountUserName, type UserInfo } from '../authn/user.js';
import type { Attributes } from './authorizer.js';

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
}

/** What a rule is asked about: the RBAC-relevant part of authorization attributes. */
export type RuleRequest = Pick<
  Attributes,
  'verb' | 'isResourceRequest' | 'path' | 'group' | 'resource' | 'subresource' | 'name'
>;

const has = (list: readonly string[] | undefined, value: string): boolean =>
  list !== undefined && (list.includes('*') || list.includes(value));

function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    // `*/status` grants the status subresource of every resource.
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === '*' || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.slice(0, -1))) return true;
  }
  return false;
}

/** True when the rule allows the request. */
export function ruleAllows(rule: PolicyRule, req: RuleRequest): boolean {
  if (!has(rule.verbs, req.verb)) return false;
  if (!req.isResourceRequest) return nonResourceURLMatches(rule, req.path);
  if (!has(rule.apiGroups, req.group)) return false;
  if (!resourceMatches(rule, req.resource, req.subresource)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(req.name);
}

/**
 * True when a binding subject names the user. A ServiceAccount subject without a namespace takes
 * the binding's (RoleBindings; ClusterRoleBindings must give one).
 */
export function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return (
        namespace !== '' &&
        isServiceAccount(user) &&
        user.name === serviceAccountUserName(namespace, subject.name)
      );
    }
    default:
      return false;
  }
}

/**
 * Index keys under which a binding is filed for each of its subjects, so a request looks up the
 * bindings that can name its user instead of scanning them all.
 */
export function subjectKey(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return `u:${subject.name}`;
    case 'Group':
      return `g:${subject.name}`;
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace ? `u:${serviceAccountUserName(namespace, subject.name)}` : undefined;
    }
    default:
      return undefined;
  }
}

/** The keys a user is looked up under: its name and each group. */
export function userKeys(user: UserInfo): string[] {
  return [`u:${user.name}`, ...user.groups.map((g) => `g:${g}`)];
}
