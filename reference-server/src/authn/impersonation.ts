// Impersonation as kcp serves it: Kubernetes' impersonation with constrained impersonation on
// (k8s.io/apiserver endpoints/filters/impersonation, beta and default since 1.36), wrapped in
// kcp's two rules (kcp pkg/server/filters/impersonation.go): a requester outside
// system:masters may not impersonate privileged groups it does not itself have, and its
// impersonated user counts as itself only in the logical cluster of the request.
//
// Kubernetes tries impersonation modes in order; each mode authorizes the requester with its
// own verbs. The constrained modes first need `impersonate-on:<mode>:<verb>` on the request
// itself, then `impersonate:<mode>` on the impersonated things (group authentication.k8s.io);
// the legacy mode needs `impersonate` on users/groups/serviceaccounts (core group) and on
// uids/userextras (authentication.k8s.io). The first mode that succeeds wins; if none does,
// the error of the first mode that applied is the answer. The mode that last worked for a
// requester is tried first next time, which also decides whose error is reported.

import { ApiError, badRequest, failure } from '../api/status.js';
import type { Attributes, Authorizer } from '../authz/authorizer.js';
import { goQuote, goStringSliceLiteral } from '../registry/builtins/go-compat.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../registry/validation.js';
import {
  anonymousUserName,
  authenticatedGroup,
  externalLogicalClusterAdminGroup,
  kcpAdminGroup,
  logicalClusterAdminGroup,
  nodesGroup,
  scopesExtraKey,
  serviceAccountGroups,
  serviceAccountUserPrefix,
  systemMasters,
  unauthenticatedGroup,
  workspaceBootstrapperGroup,
  type UserInfo,
} from './user.js';

const authenticationGroup = 'authentication.k8s.io';

/** The user the Impersonate-* headers ask for. */
export interface WantedUser {
  name: string;
  uid: string;
  groups: string[];
  extra: Record<string, string[]>;
}

export const impersonateUserHeader = 'impersonate-user';
export const impersonateGroupHeader = 'impersonate-group';
export const impersonateUidHeader = 'impersonate-uid';
export const impersonateExtraPrefix = 'impersonate-extra-';

type Headers = Record<string, string[] | undefined>;

function unescapeExtraKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key; // Kubernetes keeps a malformed key as sent.
  }
}

/** %#v of a map[string][]string (fmt sorts map keys). */
function goExtraLiteral(extra: Record<string, string[]> | undefined): string {
  if (!extra) return 'map[string][]string(nil)';
  const entries = Object.keys(extra)
    .sort()
    .map((k) => `${goQuote(k)}:${goStringSliceLiteral(extra[k]!)}`);
  return `map[string][]string{${entries.join(', ')}}`;
}

/**
 * Reads the Impersonate-* headers (`headers` as node's headersDistinct: lower-case names, every
 * value). Undefined when they ask for nothing; 400 when they ask for a uid, groups or extra
 * without a user name.
 */
export function wantedUserFromHeaders(headers: Headers): WantedUser | undefined {
  const name = headers[impersonateUserHeader]?.[0] ?? '';
  const uid = headers[impersonateUidHeader]?.[0] ?? '';
  const groupValues = headers[impersonateGroupHeader];
  let extra: Record<string, string[]> | undefined;
  let hasExtra = false;
  for (const [header, values] of Object.entries(headers)) {
    if (!header.startsWith(impersonateExtraPrefix) || values === undefined) continue;
    hasExtra = true;
    if (values.length === 0) continue;
    const key = unescapeExtraKey(header.slice(impersonateExtraPrefix.length).toLowerCase());
    extra ??= {};
    extra[key] = [...(extra[key] ?? []), ...values];
  }
  if (!name && (uid || groupValues !== undefined || hasExtra)) {
    const groups = groupValues === undefined ? '[]string(nil)' : goStringSliceLiteral(groupValues);
    throw badRequest(
      `requested &user.DefaultInfo{Name:${goQuote(name)}, UID:${goQuote(uid)}, Groups:${groups}, Extra:${goExtraLiteral(extra)}} without impersonating a user name`,
    );
  }
  if (!name) return undefined;
  return { name, uid, groups: [...(groupValues ?? [])], extra: extra ?? {} };
}

/** True if the headers ask for any impersonation kcp's gatekeeper looks at (user, groups, extra). */
export function asksForImpersonation(headers: Headers): boolean {
  if (headers[impersonateUserHeader]?.some((v) => v !== '')) return true;
  if (headers[impersonateGroupHeader] !== undefined) return true;
  return Object.keys(headers).some((h) => h.startsWith(impersonateExtraPrefix));
}

/** Groups only their own members (or system:masters) may impersonate, in kcp. */
export const privilegedGroups: ReadonlySet<string> = new Set([
  systemMasters,
  logicalClusterAdminGroup,
  externalLogicalClusterAdminGroup,
  workspaceBootstrapperGroup,
  kcpAdminGroup,
  authenticatedGroup,
]);

/** kcp's gatekeeper: may this requester ask for these groups at all? */
export function mayImpersonateGroups(requester: UserInfo, requested: readonly string[]): boolean {
  if (requester.groups.includes(systemMasters)) return true;
  return requested.every((g) => !privilegedGroups.has(g) || requester.groups.includes(g));
}

export const impersonationNotAllowed = (): ApiError =>
  new ApiError(failure(403, 'Forbidden', 'forbidden: impersonation is not allowed for the requestor', {}));

/** kcp's scoping: the impersonated user counts as itself only in `cluster`. */
export function scopedToCluster(user: UserInfo, cluster: string): UserInfo {
  const extra = { ...(user.extra ?? {}) };
  extra[scopesExtraKey] = [...(extra[scopesExtraKey] ?? []), `cluster:${cluster}`];
  return { ...user, extra };
}

/** responsewriters.ForbiddenStatusError: Kubernetes' 403 for attributes that were refused. */
export function forbiddenFor(a: Attributes, reason: string): ApiError {
  let msg: string;
  if (!a.isResourceRequest)
    msg = `User ${JSON.stringify(a.user.name)} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  else {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const where = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
    msg = `User ${JSON.stringify(a.user.name)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.group)} ${where}`;
  }
  if (reason) msg += `: ${reason}`;
  const group = a.isResourceRequest ? a.group : '';
  const resource = a.isResourceRequest ? a.resource : '';
  const qualified = group ? `${resource}.${group}` : resource;
  let message: string;
  if (!qualified) message = `forbidden: ${msg}`;
  else if (!a.name) message = `${qualified} is forbidden: ${msg}`;
  else message = `${qualified} ${JSON.stringify(a.name)} is forbidden: ${msg}`;
  const details: Record<string, string> = {};
  if (a.name) details.name = a.name;
  if (group) details.group = group;
  if (resource) details.kind = resource;
  return new ApiError(failure(403, 'Forbidden', message, details));
}

/** serviceaccount.SplitUsername: `system:serviceaccount:<namespace>:<name>`, both valid names. */
export function splitServiceAccountUserName(name: string): { namespace: string; name: string } | undefined {
  if (!name.startsWith(serviceAccountUserPrefix)) return undefined;
  const parts = name.slice(serviceAccountUserPrefix.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, sa] = parts as [string, string];
  if (dns1123LabelErrors(namespace).length > 0 || dns1123SubdomainErrors(sa).length > 0) return undefined;
  return { namespace, name: sa };
}

/** The node name of `system:node:<name>`, if it is one. */
function nodeName(user: string): string | undefined {
  const prefix = 'system:node:';
  if (!user.startsWith(prefix)) return undefined;
  const name = user.slice(prefix.length);
  return dns1123SubdomainErrors(name).length === 0 ? name : undefined;
}

const onlyName = (w: WantedUser) => !w.uid && w.groups.length === 0 && Object.keys(w.extra).length === 0;

/** Constrained impersonation refuses extra keys it could not authorize precisely. */
function extraProblem(extra: Record<string, string[]>): string | undefined {
  for (const [key, values] of Object.entries(extra)) {
    if (!key) return 'impersonating the empty string key in extra is not allowed';
    const keyError = domainPrefixedPathError(key);
    if (keyError) return `impersonating an invalid key in extra is not allowed: ${keyError}`;
    if (key !== key.toLowerCase())
      return `impersonating a non-lowercase key in extra is not allowed: ${goQuote(key)}`;
    if (values.length === 0) return 'impersonating empty values in extra is not allowed';
    if (values.includes('')) return 'impersonating the empty string value in extra is not allowed';
  }
  return undefined;
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPath = new RegExp(`^${httpPathFmt}$`);

/** validation.IsDomainPrefixedPath for field extra.key, as its aggregated error text. */
function domainPrefixedPathError(key: string): string | undefined {
  const field = 'extra.key';
  const slash = key.indexOf('/');
  const host = slash < 0 ? key : key.slice(0, slash);
  const path = slash < 0 ? '' : key.slice(slash + 1);
  if (slash < 0 || !host || !path)
    return `${field}: Invalid value: ${goQuote(key)}: must be a domain-prefixed path (such as "acme.io/foo")`;
  const errors = dns1123SubdomainErrors(host).map((e) => `${field}: Invalid value: ${goQuote(host)}: ${e}`);
  if (!httpPath.test(path))
    errors.push(
      `${field}: Invalid value: ${goQuote(path)}: Invalid path (regex used for validation is '${httpPathFmt}')`,
    );
  if (errors.length === 0) return undefined;
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

/** Above this many groups or extra values, constrained impersonation first asks for `*`. */
const manyChecks = 4;

type Outcome = { user: UserInfo } | { error: ApiError } | undefined;

interface ModeState {
  verb: string;
  constrained: boolean;
}

/** The checks every mode makes on the wanted user, with that mode's verb and groups. */
async function checkWantedUser(
  authorize: Authorizer,
  m: ModeState,
  base: Omit<Attributes, 'verb' | 'group' | 'resource' | 'name'>,
  wanted: WantedUser,
): Promise<Outcome> {
  const nameGroup = m.constrained ? authenticationGroup : '';
  const attrs = (
    group: string,
    resource: string,
    name: string,
    more: Partial<Attributes> = {},
  ): Attributes => ({
    ...base,
    verb: m.verb,
    group,
    resource,
    name,
    ...more,
  });
  const check = async (a: Attributes): Promise<ApiError | undefined> => {
    const d = await authorize(a);
    return d.decision === 'allow' ? undefined : forbiddenFor(a, d.reason);
  };
  let groups = [...wanted.groups];

  let userAttrs = attrs(nameGroup, 'users', wanted.name);
  const node = m.constrained ? nodeName(wanted.name) : undefined;
  if (node !== undefined) {
    userAttrs = attrs(nameGroup, 'nodes', node);
    if (wanted.groups.length > 0)
      return {
        error: forbiddenFor(
          userAttrs,
          `when impersonating a node, cannot impersonate groups ${goGroupList(wanted.groups)}`,
        ),
      };
    groups = [nodesGroup];
  }
  const sa = splitServiceAccountUserName(wanted.name);
  if (sa) {
    userAttrs = attrs(nameGroup, 'serviceaccounts', sa.name, { namespace: sa.namespace });
    if (m.constrained && wanted.groups.length > 0)
      return {
        error: forbiddenFor(
          userAttrs,
          `when impersonating a service account, cannot impersonate groups ${goGroupList(wanted.groups)}`,
        ),
      };
    if (wanted.groups.length === 0) groups = serviceAccountGroups(sa.namespace);
  }
  let error = await check(userAttrs);
  if (error) return { error };

  if (wanted.uid) {
    error = await check(attrs(authenticationGroup, 'uids', wanted.uid));
    if (error) return { error };
  }

  if (wanted.groups.length > 0) {
    const groupAttrs = (name: string) => attrs(nameGroup, 'groups', name);
    if (m.constrained && wanted.groups.includes(''))
      return { error: forbiddenFor(groupAttrs(''), 'impersonating the empty string group is not allowed') };
    if (m.constrained && wanted.groups.includes(systemMasters))
      return {
        error: forbiddenFor(
          groupAttrs(systemMasters),
          'impersonating the system:masters group is not allowed',
        ),
      };
    const all = m.constrained && wanted.groups.length >= manyChecks && !(await check(groupAttrs('*')));
    if (!all)
      for (const g of wanted.groups) {
        error = await check(groupAttrs(g));
        if (error) return { error };
      }
  }

  const keys = Object.keys(wanted.extra);
  if (keys.length > 0) {
    const extraAttrs = (key: string, value: string) =>
      attrs(authenticationGroup, 'userextras', value, { subresource: key });
    if (m.constrained) {
      const problem = extraProblem(wanted.extra);
      if (problem) return { error: forbiddenFor(extraAttrs('', ''), problem) };
    }
    const count = Object.values(wanted.extra).reduce((n, v) => n + v.length, 0);
    const all =
      m.constrained &&
      (keys.length >= manyChecks || count >= manyChecks) &&
      !(await check(extraAttrs('*', '*')));
    if (!all)
      for (const key of keys)
        for (const value of wanted.extra[key]!) {
          error = await check(extraAttrs(key, value));
          if (error) return { error };
        }
  }

  if (wanted.name === anonymousUserName) {
    if (!groups.includes(unauthenticatedGroup)) groups = [...groups, unauthenticatedGroup];
  } else if (!groups.includes(unauthenticatedGroup) && !groups.includes(authenticatedGroup)) {
    groups = [...groups, authenticatedGroup];
  }
  const user: UserInfo = { name: wanted.name, uid: wanted.uid, groups };
  if (keys.length > 0) user.extra = structuredClone(wanted.extra);
  return { user };
}

/** fmt %q of a []string: `["a" "b"]`. */
const goGroupList = (groups: readonly string[]) => `[${groups.map(goQuote).join(' ')}]`;

interface Mode {
  check(authorize: Authorizer, request: Attributes, wanted: WantedUser): Promise<Outcome>;
}

function constrainedMode(name: string, applies: (w: WantedUser) => boolean): Mode {
  return {
    async check(authorize, request, wanted) {
      if (!applies(wanted)) return undefined;
      const on: Attributes = { ...request, verb: `impersonate-on:${name}:${request.verb}` };
      const d = await authorize(on);
      if (d.decision !== 'allow') return { error: forbiddenFor(on, d.reason) };
      return checkWantedUser(
        authorize,
        { verb: `impersonate:${name}`, constrained: true },
        baseOf(request),
        wanted,
      );
    },
  };
}

/** The attributes of an impersonation check: who asks, in which cluster, nothing of the request. */
function baseOf(request: Attributes): Omit<Attributes, 'verb' | 'group' | 'resource' | 'name'> {
  return {
    user: request.user,
    ...(request.cluster !== undefined ? { cluster: request.cluster } : {}),
    isResourceRequest: true,
    path: '',
    subresource: '',
    namespace: '',
  };
}

// Kubernetes' associated-node mode (a service account impersonating the node its pod runs on)
// is left out: it needs node-bound service-account tokens, which this server cannot issue.
const modes: readonly Mode[] = [
  constrainedMode('arbitrary-node', (w) => onlyName(w) && nodeName(w.name) !== undefined),
  constrainedMode('serviceaccount', (w) => onlyName(w) && splitServiceAccountUserName(w.name) !== undefined),
  constrainedMode(
    'user-info',
    (w) => nodeName(w.name) === undefined && splitServiceAccountUserName(w.name) === undefined,
  ),
  {
    check: (authorize, request, wanted) =>
      checkWantedUser(authorize, { verb: 'impersonate', constrained: false }, baseOf(request), wanted),
  },
];

const rememberedRequesters = 10_000;

export interface Impersonator {
  /**
   * The user `request.user` may act as, or the 403 to answer. `request` is the authorization
   * attributes of the request being made.
   */
  impersonate(request: Attributes, wanted: WantedUser): Promise<UserInfo>;
}

export function createImpersonator(authorize: Authorizer): Impersonator {
  // Requester name → index of the mode that last worked for it (insertion order = recency).
  const lastMode = new Map<string, number>();
  const remember = (name: string, index: number) => {
    lastMode.delete(name);
    lastMode.set(name, index);
    if (lastMode.size > rememberedRequesters) lastMode.delete(lastMode.keys().next().value!);
  };
  return {
    async impersonate(request, wanted) {
      const requester = request.user.name;
      const first = lastMode.get(requester);
      let firstError: ApiError | undefined;
      const order =
        first === undefined ? modes.keys() : [first, ...[...modes.keys()].filter((i) => i !== first)];
      for (const i of order) {
        const outcome = await modes[i]!.check(authorize, request, wanted);
        if (outcome === undefined) continue;
        if ('error' in outcome) {
          firstError ??= outcome.error;
          continue;
        }
        remember(requester, i);
        return outcome.user;
      }
      // The legacy mode always applies, so some mode has answered.
      throw (
        firstError ?? new ApiError(failure(403, 'Forbidden', 'forbidden: all impersonation modes failed', {}))
      );
    },
  };
}
