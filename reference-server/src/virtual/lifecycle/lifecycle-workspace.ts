// What kcp's two workspace lifecycle virtual workspaces share (pkg/virtual/initializingworkspaces,
// pkg/virtual/terminatingworkspaces): /services/<name>/<hook>/clusters/<x>/..., where <hook> is an
// initializer or terminator, `<WorkspaceType's logical cluster>:<type name>`. The controller that
// implements the hook lists and watches, at `*`, the LogicalClusters waiting for it (selected by
// the hook's hashed label, tenancy/lifecycle-metadata.ts; one that stops matching leaves the watch
// as DELETED); at /clusters/<name> it reads one and may remove its own entry from status, nothing
// else (422), and reaches the rest of the workspace through a content proxy. The proxy acts as the
// caller in the hook's synthetic group when the WorkspaceType grants the hook permissions (the
// request must fit them; the group lets it into the cluster, authz/kcp-chain.ts), and as the
// workspace's creator otherwise (kcp's fallback). Every request needs the hook's verb
// (`initialize`, `terminate`) on that WorkspaceType in its workspace.

import { ApiError, failure, forbidden, internalError } from '../../api/status.js';
import type { KubeObject } from '../../api/types.js';
import type { UserInfo } from '../../authn/user.js';
import { allow, deny, type Authorizer } from '../../authz/authorizer.js';
import { invalidValue, type FieldError } from '../../registry/field-errors.js';
import {
  logicalClusterName,
  logicalClusters,
  type LogicalClusterSpec,
  type LogicalClusterStatus,
} from '../../registry/builtins/logicalclusters.js';
import { getObject } from '../../registry/objects.js';
import type { ResourceType } from '../../registry/resource-type.js';
import { forbiddenMessage } from '../../server/filters/authorization.js';
import { requestAttributes, type RequestContext, type VirtualView } from '../../server/context.js';
import type { Store } from '../../storage/store.js';
import { logicalClusterScope, workspaceTypeScope } from '../../tenancy/keys.js';
import { ruleAllows, type PolicyRule } from '../../authz/rbac-rules.js';
import type { Attributes } from '../../authz/authorizer.js';
import type { VirtualWorkspace } from '../virtual-workspace.js';

export interface LifecycleHook {
  /** `initializer` or `terminator`: the word kcp's messages use. */
  noun: string;
  /** The LogicalCluster status field listing the hooks still to run. */
  field: 'initializers' | 'terminators';
  /** The verb on workspacetypes/<type> that lets a caller act as the hook. */
  verb: string;
  /** The WorkspaceType spec field with the rules the hook's controller gets in the workspace. */
  permissionsField: 'initializerPermissions' | 'terminatorPermissions';
  /** The synthetic group the proxy adds, followed by the hook's name. */
  groupPrefix: string;
  /** Whether the LogicalCluster waits for this hook (kcp selects by labels, not by status). */
  waitsFor(lc: KubeObject, hook: string): boolean;
  /** What a watch selects when not `waitsFor` (ResourceType.watchSelect). */
  watchSelects?(lc: KubeObject, hook: string): boolean;
  /** Whether the cluster is in the part of its life the hook acts in (content proxy). */
  active(lc: KubeObject): boolean;
  /**
   * Whether discovery in one cluster is the view's own (terminating) rather than the workspace's
   * through the content proxy (initializing), as kcp routes them.
   */
  ownDiscovery: boolean;
}

const statusOf = (o: KubeObject) => (o.status as LogicalClusterStatus | undefined) ?? {};

/**
 * kcp's rule for status writes through the virtual workspace (forwarding.go): the list unchanged,
 * or exactly this hook taken out of it.
 */
function onlyOwnRemoved(kind: LifecycleHook, hook: string, obj: KubeObject, old: KubeObject): FieldError[] {
  const before = statusOf(old)[kind.field] ?? [];
  const after = statusOf(obj)[kind.field] ?? [];
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const removedOwn =
    before.length - after.length === 1 && !after.includes(hook) && after.every((h) => before.includes(h));
  if (removedOwn) return [];
  return [
    invalidValue(`status.${kind.field}`, after, `only removing the "${hook}" ${kind.noun} is supported`),
  ];
}

/** What one hook sees of the LogicalClusters: at `*` list and watch, in one cluster get and status. */
function viewTypes(kind: LifecycleHook, hook: string): { wildcard: ResourceType; single: ResourceType } {
  const visible = (o: KubeObject) => kind.waitsFor(o, hook);
  const selects = kind.watchSelects;
  const base: ResourceType = {
    ...logicalClusters,
    visible,
    ...(selects ? { watchSelect: (o: KubeObject) => selects(o, hook) } : {}),
  };
  return {
    wildcard: { ...base, verbs: ['get', 'list', 'watch'], subresources: [] },
    single: {
      ...base,
      verbs: ['get'],
      subresources: ['status'],
      strategy: {
        ...base.strategy,
        validateUpdate: (obj, old) => [
          ...base.strategy.validateUpdate(obj, old),
          ...onlyOwnRemoved(kind, hook, obj, old),
        ],
      },
    },
  };
}

/** /api, /api/<v>, /apis, /apis/<g>, /apis/<g>/<v>. */
const discoveryPath = /^\/(api(\/[^/]+)?|apis(\/[^/]+){0,2})\/?$/;

/** A request the content proxy takes: in one cluster, for anything but its LogicalCluster. */
function isContentRequest(kind: LifecycleHook, ctx: RequestContext): boolean {
  const i = ctx.info;
  if (ctx.clusterName === undefined || ctx.clusterName === '*') return false;
  if (!i.isResourceRequest) return !(kind.ownDiscovery && discoveryPath.test(i.path));
  return !(i.group === logicalClusters.group && i.resource === logicalClusters.names.plural);
}

/** The workspace's creator, whom the content proxy acts as (kcp impersonates spec.createdBy). */
function creatorOf(lc: KubeObject): UserInfo | undefined {
  const by = ((lc.spec ?? {}) as LogicalClusterSpec).createdBy;
  if (!by?.username) return undefined;
  return {
    name: by.username,
    uid: by.uid ?? '',
    groups: by.groups ?? [],
    ...(by.extra ? { extra: by.extra } : {}),
  };
}

/** How kcp's lifecycle_permissions.go names what no rule allowed. */
function refusedRequest(a: Attributes): string {
  if (!a.isResourceRequest) return `${a.verb} on ${a.path}`;
  let out = `${a.group || 'core'}/${a.resource}${a.subresource ? `/${a.subresource}` : ''}`;
  if (a.name) out += ` (${a.name})`;
  if (a.namespace) out += ` in namespace ${a.namespace}`;
  return `${a.verb} on ${out}`;
}

/**
 * The rules the hook's WorkspaceType grants it; undefined for a system hook (kcp falls back to the
 * creator there). A type that cannot be read refuses rather than falling back (kcp: 503).
 */
async function permissionsOf(
  store: Store,
  kind: LifecycleHook,
  hook: string,
  typeCluster: string,
  typeName: string,
): Promise<PolicyRule[] | undefined> {
  if (typeCluster === 'system' || typeCluster.startsWith('system:')) return undefined;
  const type = await getObject(store, workspaceTypeScope(typeCluster), typeName).catch(() => undefined);
  if (!type)
    throw new ApiError(
      failure(
        503,
        'ServiceUnavailable',
        `${kind.noun} "${hook}": WorkspaceType not found; refusing to fall back to owner impersonation`,
      ),
    );
  return ((type.spec ?? {}) as Record<string, PolicyRule[] | undefined>)[kind.permissionsField];
}

export function lifecycleVirtualWorkspace(
  kind: LifecycleHook,
  o: { store: Store; authorize: Authorizer },
): VirtualWorkspace {
  const views = new Map<string, VirtualView>();
  const build = (hook: string): VirtualView => {
    const colon = hook.lastIndexOf(':');
    const typeCluster = colon > 0 ? hook.slice(0, colon) : '';
    const typeName = colon > 0 ? hook.slice(colon + 1) : '';
    const { wildcard, single } = viewTypes(kind, hook);
    const typesAt = (cluster: string) => (cluster === '*' ? [wildcard] : [single]);
    const authorize: Authorizer = async (a) => {
      // kcp: a delegated check of the hook's verb on the WorkspaceType, in the type's workspace.
      if (!typeCluster || !typeName) return deny('access denied');
      const decision = await o.authorize({
        user: a.user,
        cluster: typeCluster,
        verb: kind.verb,
        isResourceRequest: true,
        path: '',
        group: 'tenancy.kcp.io',
        resource: 'workspacetypes',
        subresource: '',
        namespace: '',
        name: typeName,
      });
      return decision.decision === 'allow' ? allow() : deny('access denied');
    };
    return {
      catalog: {
        typesFor: async (cluster) => typesAt(cluster),
        resolve: async (cluster, group, version, plural) =>
          typesAt(cluster).find(
            (t) => t.group === group && t.version === version && t.names.plural === plural,
          ),
      },
      authorize,
      async contentAccess(ctx) {
        if (!isContentRequest(kind, ctx)) return undefined;
        const cluster = ctx.clusterName!;
        if ((await authorize(requestAttributes(ctx))).decision !== 'allow')
          throw forbidden(forbiddenMessage(ctx, 'access denied'), {});
        const lc = await getObject(o.store, logicalClusterScope(cluster), logicalClusterName).catch(
          () => undefined,
        );
        const waiting =
          lc !== undefined && kind.active(lc) && (statusOf(lc)[kind.field] ?? []).includes(hook);
        if (!waiting) throw forbidden(`${kind.noun} "${hook}" cannot access this workspace`, {});
        const rules = await permissionsOf(o.store, kind, hook, typeCluster, typeName);
        if (rules && rules.length > 0) {
          const a = requestAttributes(ctx);
          if (!rules.some((r) => ruleAllows(r, a)))
            throw forbidden(
              `${kind.noun} "${hook}" denied by ${kind.permissionsField}: no rule allows ${refusedRequest(a)}`,
              {},
            );
          const caller = ctx.user!;
          return { ...caller, groups: [`${kind.groupPrefix}${hook}`, ...caller.groups] };
        }
        const creator = creatorOf(lc);
        if (!creator)
          throw internalError(`LogicalCluster ${cluster}|${logicalClusterName} had no createdBy recorded`);
        return creator;
      },
    };
  };
  return {
    async resolve([hook]) {
      const key = hook!;
      const cached = views.get(key);
      if (cached) return cached;
      const view = build(key);
      views.set(key, view);
      // Bounded: one entry per hook asked for, oldest dropped.
      if (views.size > 1024) views.delete(views.keys().next().value!);
      return view;
    },
  };
}
