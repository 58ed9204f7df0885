// Authorization in kcp's order (kcp pkg/server/options/authorization.go): always-allow groups
// (system:masters), always-allow paths (health), then kcp's RBAC chain (kcp-chain.ts):
// required groups → workspace content gate → RBAC of system:admin ∪ RBAC of the logical cluster.

import { systemMasters, type UserInfo } from '../authn/user.js';

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

/**
 * `deny` stops the chain; `no-opinion` lets the next authorizer decide (and denies at the end).
 * Reasons are what callers see: kcp anonymizes them to "access granted" / "access denied".
 */
export type Decision =
  { decision: 'allow'; reason: string } | { decision: 'deny' | 'no-opinion'; reason: string };

export type Authorizer = (a: Attributes) => Promise<Decision>;

/**
 * Attributes of a resource check the server makes on its own account (admission, home workspaces,
 * escalation): what is asked, with the fields a URL would fill left empty unless given.
 */
export function resourceAttributes(
  a: Pick<Attributes, 'user' | 'cluster' | 'verb' | 'group' | 'resource'> &
    Partial<Pick<Attributes, 'subresource' | 'namespace' | 'name'>>,
): Attributes {
  return { isResourceRequest: true, path: '', subresource: '', namespace: '', name: '', ...a };
}

/** authorization.k8s.io/v1 PolicyRule halves, as SelfSubjectRulesReview reports them. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}
export interface RulesReview {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}
/** The rules a user has in a logical cluster and namespace (kcp: union of bootstrap and local RBAC). */
export type RuleResolver = (user: UserInfo, cluster: string, namespace: string) => Promise<RulesReview>;

export const allow = (reason = ''): Decision => ({ decision: 'allow', reason });
export const noOpinion = (reason = ''): Decision => ({ decision: 'no-opinion', reason });
export const deny = (reason: string): Decision => ({ decision: 'deny', reason });

export const alwaysAllowPaths = new Set(['/healthz', '/readyz', '/livez']);

export function alwaysAllowGroupsAuthorizer(groups: readonly string[]): Authorizer {
  return async (a) => (a.user.groups.some((g) => groups.includes(g)) ? allow() : noOpinion());
}

export function alwaysAllowPathsAuthorizer(): Authorizer {
  return async (a) => (!a.isResourceRequest && alwaysAllowPaths.has(a.path) ? allow() : noOpinion());
}

/**
 * First decisive answer wins. If none decides, the answer stays no-opinion (with the last reason
 * given), which callers treat as a refusal; an access review reports it as `allowed: false`
 * without `denied: true`, as Kubernetes does.
 */
export function unionAuthorizer(authorizers: Authorizer[]): Authorizer {
  return async (a) => {
    let reason = '';
    for (const authz of authorizers) {
      const d = await authz(a);
      if (d.decision !== 'no-opinion') return d;
      if (d.reason) reason = d.reason;
    }
    return noOpinion(reason);
  };
}

/** The server's authorizer: system:masters, health paths, then kcp's chain. */
export function defaultAuthorizer(kcpChain: Authorizer): Authorizer {
  return unionAuthorizer([
    alwaysAllowGroupsAuthorizer([systemMasters]),
    alwaysAllowPathsAuthorizer(),
    kcpChain,
  ]);
}
