// The authorization matrix's requests: random (user, workspace, verb, resource, namespace, name)
// tuples and non-resource GET/POSTs, each turned into a real HTTP request whose outcome is
// decided by authorization (allowed → 200/201/400/404, denied → 403), together with the
// authorizer attributes Kubernetes derives from that URL (k8s.io/apiserver RequestInfo):
//   - GET on a collection is `list`, with ?watch=true `watch`; a metadata.name field selector on
//     a list or watch becomes the request's name (so resourceNames rules apply to it);
//   - /api/v1/namespaces/<n>[/status] has namespace <n> as well as name <n>;
//   - create and deletecollection have no name; a list across namespaces has no namespace.
// Shapes: get/update/patch of any name (update and patch carry a malformed body: 400 once
// allowed, nothing changes), delete only of names that do not exist (404), create with a
// malformed body (400) or a real ConfigMap/Secret/ServiceAccount with a fresh name (201),
// deletecollection with a label selector that matches nothing, watch with timeoutSeconds=1.
// Besides random tuples, a third are built from a rule the user is bound to (so that allowed
// outcomes are common) and a third are near misses of those: one dimension changed where an
// implementation is likely to err (a name outside resourceNames, another namespace, verb,
// subresource, resource, user or workspace).
import {
  NAME_POOL,
  NON_RESOURCE_PATHS,
  POSTABLE_PATH_PREFIX,
  REALLY_CREATABLE,
  RESOURCE_VERBS,
  SERVED_RESOURCES,
  SUBRESOURCE_VERBS,
  servable,
  MISSING_NAMESPACE,
  WORKSPACE_ACCESS_ROLE,
  WORKSPACE_NAMESPACES,
  type ServedResource,
} from './rbac-matrix-catalog.js';
import {
  objectExists,
  type MatrixUser,
  type MatrixWorld,
  type WorkspacePlan,
} from './rbac-matrix-generator.js';
import { AUTHENTICATED } from './rbac-oracle.js';
import {
  apiGroupMatches,
  nonResourceURLMatches,
  resourceMatches,
  ruleAllows,
  subjectMatches,
  type ClusterRole,
  type Identity,
  type PolicyRule,
  type RequestAttributes,
} from './rbac-rules.js';
import { seededRandom, type SeededRandom } from '../../suites/framework/seeded-random.js';

export type Impersonator = 'masters' | 'kcp-admin';
export type RequestOrigin = 'random' | 'targeted' | 'near-miss';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResourceTarget {
  kind: 'resource';
  resource: ServedResource;
  subresource: string;
  verb: string;
  namespace: string;
  name: string;
  /** A create that sends a valid object with a fresh name instead of a malformed body. */
  reallyCreate: boolean;
}
export interface NonResourceTarget {
  kind: 'nonResource';
  verb: 'get' | 'post';
  path: string;
}
export type Target = ResourceTarget | NonResourceTarget;

export interface MatrixRequest {
  index: number;
  userKey: string;
  impersonator: Impersonator;
  workspaceKey: string;
  origin: RequestOrigin;
  target: Target;
  method: HttpMethod;
  /** Relative to <server>/clusters/<workspace path>, query included. */
  path: string;
  body?: string;
  contentType?: string;
  /** Only the response status matters; the stream is closed once the headers arrived. */
  watch: boolean;
  attributes: RequestAttributes;
}

export const MALFORMED_BODY = '{malformed';
const NO_MATCH_SELECTOR = 'kh-matrix-none=true';
const NAMED_VERBS = new Set(['get', 'update', 'patch', 'delete']);
const KINDS: Record<string, string> = {
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  serviceaccounts: 'ServiceAccount',
};

/** The identity the server sees for a matrix user (impersonation adds system:authenticated). */
export function userIdentity(user: MatrixUser): Identity {
  return { name: user.name, groups: [...user.groups, AUTHENTICATED] };
}

/** Makes a target a request the server can receive, without changing what it tests more than needed. */
export function normalizeTarget(target: Target): Target {
  if (target.kind === 'nonResource') {
    return target.verb === 'post' && !target.path.startsWith(POSTABLE_PATH_PREFIX)
      ? { ...target, verb: 'get' }
      : target;
  }
  const t = { ...target };
  if (!t.resource.subresources.includes(t.subresource)) t.subresource = '';
  if (t.subresource !== '' && !SUBRESOURCE_VERBS.includes(t.verb)) t.verb = 'get';
  if (t.verb === 'deletecollection' && !t.resource.namespaced) t.verb = 'list';
  if (!t.resource.namespaced) t.namespace = '';
  else if (t.namespace === '' && t.verb !== 'list' && t.verb !== 'watch') t.namespace = 'default';
  if (t.verb === 'create' || t.verb === 'deletecollection') t.name = '';
  if (NAMED_VERBS.has(t.verb) && t.name === '') t.name = 'beta';
  if (t.verb === 'delete' && objectExists(t.resource.resource, t.namespace, t.name)) t.verb = 'get';
  t.reallyCreate = t.reallyCreate && t.verb === 'create' && REALLY_CREATABLE.has(t.resource.resource);
  return t;
}

type HttpShape = Pick<MatrixRequest, 'method' | 'path' | 'body' | 'contentType' | 'watch' | 'attributes'>;

/** The URL, method and body for a (normalized) target, and the attributes the server derives. */
export function httpShape(target: Target, index: number): HttpShape {
  if (target.kind === 'nonResource') {
    return {
      method: target.verb === 'post' ? 'POST' : 'GET',
      path: target.path,
      watch: false,
      attributes: { kind: 'nonResource', verb: target.verb, path: target.path },
    };
  }
  const { resource: r, subresource, verb, namespace, name } = target;
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const collection =
    r.namespaced && namespace !== ''
      ? `${base}/namespaces/${namespace}/${r.resource}`
      : `${base}/${r.resource}`;
  const item = `${collection}/${name}${subresource ? `/${subresource}` : ''}`;
  // /api/v1/namespaces/<name>: the path segment after "namespaces" is also the namespace.
  const isNamespaceItem = r.group === '' && r.resource === 'namespaces' && NAMED_VERBS.has(verb);
  const attributes: RequestAttributes = {
    kind: 'resource',
    verb,
    apiGroup: r.group,
    resource: r.resource,
    subresource,
    namespace: isNamespaceItem ? name : namespace,
    name,
  };
  const fieldSelector = name ? `fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}` : '';
  const query = (...parts: string[]) => {
    const q = parts.filter(Boolean).join('&');
    return q ? `?${q}` : '';
  };
  switch (verb) {
    case 'get':
      return { method: 'GET', path: item, watch: false, attributes };
    case 'list':
      return { method: 'GET', path: collection + query(fieldSelector), watch: false, attributes };
    case 'watch':
      return {
        method: 'GET',
        path: collection + query('watch=true', 'timeoutSeconds=1', fieldSelector),
        watch: true,
        attributes,
      };
    case 'create': {
      const body = target.reallyCreate
        ? JSON.stringify({ apiVersion: 'v1', kind: KINDS[r.resource], metadata: { name: `mx-new-${index}` } })
        : MALFORMED_BODY;
      return {
        method: 'POST',
        path: collection,
        body,
        contentType: 'application/json',
        watch: false,
        attributes,
      };
    }
    case 'update':
      return {
        method: 'PUT',
        path: item,
        body: MALFORMED_BODY,
        contentType: 'application/json',
        watch: false,
        attributes,
      };
    case 'patch':
      return {
        method: 'PATCH',
        path: item,
        body: MALFORMED_BODY,
        contentType: 'application/merge-patch+json',
        watch: false,
        attributes,
      };
    case 'delete':
      return { method: 'DELETE', path: item, watch: false, attributes };
    case 'deletecollection':
      return {
        method: 'DELETE',
        path: collection + query(`labelSelector=${encodeURIComponent(NO_MATCH_SELECTOR)}`),
        watch: false,
        attributes,
      };
    default:
      throw new Error(`no request shape for verb ${verb}`);
  }
}

function randomTarget(rnd: SeededRandom): Target {
  if (rnd.chance(0.2)) {
    const path = rnd.pick(NON_RESOURCE_PATHS);
    return { kind: 'nonResource', verb: rnd.chance(0.3) ? 'post' : 'get', path };
  }
  const resource = rnd.pick(SERVED_RESOURCES);
  const subresource =
    resource.subresources.length > 0 && rnd.chance(0.25) ? rnd.pick(resource.subresources) : '';
  const verb = subresource ? rnd.pick(SUBRESOURCE_VERBS) : rnd.pick(RESOURCE_VERBS);
  const collectionVerb = verb === 'list' || verb === 'watch';
  const namespace =
    collectionVerb && rnd.chance(0.25)
      ? ''
      : rnd.chance(0.08)
        ? MISSING_NAMESPACE
        : rnd.pick(WORKSPACE_NAMESPACES);
  const name = collectionVerb && rnd.chance(0.7) ? '' : rnd.pick(NAME_POOL);
  return { kind: 'resource', resource, subresource, verb, namespace, name, reallyCreate: rnd.chance(0.5) };
}

/** A request that the rule allows (before the content gate and the other kcp checks). */
function targetFromRule(rnd: SeededRandom, rule: PolicyRule, bindingNamespace: string): Target | undefined {
  if (rule.nonResourceURLs?.length) {
    const paths = NON_RESOURCE_PATHS.filter((p) => nonResourceURLMatches(rule, p));
    if (paths.length === 0) return undefined;
    const post = rule.verbs.some((v) => v === 'post' || v === '*') && rnd.chance(0.5);
    return { kind: 'nonResource', verb: post ? 'post' : 'get', path: rnd.pick(paths) };
  }
  const candidates = SERVED_RESOURCES.flatMap((r) =>
    ['', ...r.subresources].map((sub) => ({ r, sub })),
  ).filter(({ r, sub }) => apiGroupMatches(rule, r.group) && resourceMatches(rule, r.resource, sub));
  if (candidates.length === 0) return undefined;
  const { r, sub } = rnd.pick(candidates);
  const possible = sub ? SUBRESOURCE_VERBS : RESOURCE_VERBS;
  const verbs = rule.verbs.includes('*') ? [...possible] : rule.verbs.filter((v) => possible.includes(v));
  const verb = verbs.length > 0 ? rnd.pick(verbs) : rnd.pick(possible);
  const names = rule.resourceNames?.length ? rule.resourceNames : undefined;
  let name = names ? rnd.pick(names) : rnd.pick(NAME_POOL);
  if (!names && (verb === 'list' || verb === 'watch') && rnd.chance(0.5)) name = '';
  const namespace = bindingNamespace || rnd.pick(WORKSPACE_NAMESPACES);
  // A namespace item's namespace is its name: a RoleBinding only covers its own namespace.
  if (r.resource === 'namespaces' && bindingNamespace && !names) name = bindingNamespace;
  return {
    kind: 'resource',
    resource: r,
    subresource: sub,
    verb,
    namespace,
    name,
    reallyCreate: rnd.chance(0.5),
  };
}

interface GrantedRule {
  rule: PolicyRule;
  namespace: string;
  /** Exercises something a wrong authorizer is likely to get wrong; preferred as a target. */
  interesting: boolean;
}

const ACCESS: RequestAttributes = { kind: 'nonResource', verb: 'access', path: '/' };

const hasSubresource = (rule: PolicyRule) => (rule.resources ?? []).some((r) => r.includes('/'));

/**
 * Rules of the workspace's own bindings naming the user, ClusterRoles looked up in the plan and in
 * the bootstrap policy (merged by name, as kcp does). A RoleBinding to a Role that lives in
 * another namespace grants nothing; its rules are listed as interesting targets all the same, to
 * check that they are not applied.
 */
function grantedRules(
  plan: WorkspacePlan,
  identity: Identity,
  bootstrap: readonly ClusterRole[],
): GrantedRule[] {
  const clusterRole = (name: string) =>
    [...plan.rbac.clusterRoles, ...bootstrap].filter((r) => r.name === name).flatMap((r) => r.rules);
  const granted: GrantedRule[] = [];
  const add = (rules: PolicyRule[], namespace: string, special: boolean) =>
    granted.push(
      ...rules.map((rule) => ({
        rule,
        namespace,
        interesting: special || Boolean(rule.resourceNames?.length) || hasSubresource(rule),
      })),
    );
  for (const b of plan.rbac.clusterRoleBindings) {
    if (!b.subjects.some((s) => subjectMatches(s, identity, ''))) continue;
    add(clusterRole(b.roleRef.name), '', b.name === 'mx-crb-shadow');
  }
  for (const b of plan.rbac.roleBindings) {
    const subject = b.subjects.find((s) => subjectMatches(s, identity, b.namespace));
    if (!subject) continue;
    const serviceAccount = subject.kind === 'ServiceAccount';
    if (b.roleRef.kind !== 'Role') {
      add(clusterRole(b.roleRef.name), b.namespace, serviceAccount);
      continue;
    }
    const own = plan.rbac.roles.find((r) => r.namespace === b.namespace && r.name === b.roleRef.name);
    const elsewhere = plan.rbac.roles.find((r) => r.namespace !== b.namespace && r.name === b.roleRef.name);
    if (own) add(own.rules, b.namespace, serviceAccount);
    else if (elsewhere) add(elsewhere.rules, b.namespace, true);
  }
  return granted;
}

/** A servable rule: often an interesting one, else often one from a RoleBinding (they are rarer). */
function pickGrantedRule(rnd: SeededRandom, granted: GrantedRule[]): GrantedRule | undefined {
  const usable = granted.filter((g) => servable(g.rule));
  const interesting = usable.filter((g) => g.interesting);
  if (interesting.length > 0 && rnd.chance(0.4)) return rnd.pick(interesting);
  const namespaced = usable.filter((g) => g.namespace !== '');
  if (namespaced.length > 0 && rnd.chance(0.5)) return rnd.pick(namespaced);
  return usable.length > 0 ? rnd.pick(usable) : undefined;
}

/** Whether the plan lets the user past the content gate (ignoring most bootstrap roles). */
function likelyHasAccess(plan: WorkspacePlan, user: MatrixUser): boolean {
  const identity = userIdentity(user);
  if (identity.name.startsWith('system:serviceaccount:')) return true;
  return plan.rbac.clusterRoleBindings.some(
    (b) =>
      b.subjects.some((s) => subjectMatches(s, identity, '')) &&
      (b.roleRef.name === WORKSPACE_ACCESS_ROLE ||
        b.roleRef.name === 'cluster-admin' ||
        plan.rbac.clusterRoles.some(
          (r) => r.name === b.roleRef.name && r.rules.some((rule) => ruleAllows(rule, ACCESS)),
        )),
  );
}

interface RequestSpec {
  userKey: string;
  workspaceKey: string;
  target: Target;
}

/** Changes one dimension of a request built from `rule`, where a wrong implementation is likely to err. */
function nearMiss(rnd: SeededRandom, spec: RequestSpec, rule: PolicyRule, world: MatrixWorld): RequestSpec {
  const t = spec.target;
  const roll = rnd.next();
  if (roll < 0.1)
    return { ...spec, userKey: rnd.pick(world.users.filter((u) => u.key !== spec.userKey)).key };
  if (roll < 0.2) {
    return {
      ...spec,
      workspaceKey: rnd.pick(world.workspaces.filter((w) => w.key !== spec.workspaceKey)).key,
    };
  }
  if (t.kind === 'nonResource') return { ...spec, target: { ...t, path: rnd.pick(NON_RESOURCE_PATHS) } };
  const changed: ResourceTarget = { ...t };
  if (roll < 0.45 || (rule.resourceNames?.length && rnd.chance(0.5))) {
    // Another name: outside the rule's resourceNames if it has some, or none at all for a list.
    const names = rule.resourceNames ?? [];
    const others = NAME_POOL.filter((n) => !names.includes(n));
    changed.name = (t.verb === 'list' || t.verb === 'watch') && rnd.chance(0.3) ? '' : rnd.pick(others);
  } else if (roll < 0.65) {
    const namespaces: string[] = WORKSPACE_NAMESPACES.filter((n) => n !== t.namespace);
    if (t.verb === 'list' || t.verb === 'watch') namespaces.push('');
    changed.namespace = rnd.pick(namespaces);
  } else if (roll < 0.8) {
    changed.verb = rnd.pick(RESOURCE_VERBS.filter((v) => v !== t.verb));
  } else if (roll < 0.9) {
    // The resource without its subresource, or the status subresource of one that has it.
    if (t.subresource) changed.subresource = '';
    else {
      const withStatus = SERVED_RESOURCES.filter((r) => r.subresources.includes('status'));
      changed.resource = withStatus.includes(t.resource) ? t.resource : rnd.pick(withStatus);
      changed.subresource = 'status';
    }
  } else {
    changed.resource = rnd.pick(SERVED_RESOURCES.filter((r) => r !== t.resource));
  }
  return { ...spec, target: changed };
}

export interface RequestOptions {
  count: number;
  /** Whether some requests may impersonate through kcp-admin instead of system:masters. */
  kcpAdminAvailable: boolean;
  /** system:admin's ClusterRoles, to aim requests at rules of bindings to view, edit, admin... */
  bootstrapClusterRoles?: readonly ClusterRole[];
}

/**
 * `count` requests, the same for the same world seed and options: 30 % random, 35 % built from a
 * rule the user is bound to (mostly users the plan lets into the workspace), 35 % near misses.
 */
export function generateRequests(world: MatrixWorld, options: RequestOptions): MatrixRequest[] {
  const rnd = seededRandom((world.seed ^ 0x5bd1e995) >>> 0);
  const requests: MatrixRequest[] = [];
  const bootstrap = options.bootstrapClusterRoles ?? [];
  for (let index = 0; index < options.count; index += 1) {
    const roll = rnd.next();
    const plan = rnd.pick(world.workspaces);
    let spec: RequestSpec = {
      userKey: rnd.pick(world.users).key,
      workspaceKey: plan.key,
      target: randomTarget(rnd),
    };
    let origin: RequestOrigin = 'random';
    if (roll >= 0.3) {
      const bound = world.users.filter((u) =>
        grantedRules(plan, userIdentity(u), bootstrap).some((g) => servable(g.rule)),
      );
      const admitted = bound.filter((u) => likelyHasAccess(plan, u));
      const user =
        admitted.length > 0 && rnd.chance(0.85)
          ? rnd.pick(admitted)
          : bound.length > 0
            ? rnd.pick(bound)
            : undefined;
      const choice = user && pickGrantedRule(rnd, grantedRules(plan, userIdentity(user), bootstrap));
      const target = choice && targetFromRule(rnd, choice.rule, choice.namespace);
      if (user && choice && target) {
        spec = { ...spec, userKey: user.key, target };
        origin = 'targeted';
        if (roll >= 0.65) {
          spec = nearMiss(rnd, spec, choice.rule, world);
          origin = 'near-miss';
        }
      }
    }
    const impersonator: Impersonator =
      options.kcpAdminAvailable && rnd.chance(0.25) ? 'kcp-admin' : 'masters';
    const target = normalizeTarget(spec.target);
    requests.push({
      index,
      userKey: spec.userKey,
      workspaceKey: spec.workspaceKey,
      impersonator,
      origin,
      target,
      ...httpShape(target, index),
    });
  }
  return requests;
}

/** A deterministic sample of request indices (for the access-review and kubectl cross-checks). */
export function sampleIndices(seed: number, total: number, size: number, salt: number): number[] {
  const rnd = seededRandom((seed ^ salt) >>> 0);
  return rnd.subset(
    Array.from({ length: total }, (_, i) => i),
    size,
    size,
  );
}
