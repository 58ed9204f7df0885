// kcp's initializing workspaces virtual workspace,
// /services/initializingworkspaces/<initializer>/clusters/<x>/..., where <initializer> is
// `<WorkspaceType's logical cluster>:<type name>` (kcp pkg/virtual/initializingworkspaces): the
// controller that initializes workspaces of a type lists and watches, at `*`, the LogicalClusters
// still Initializing with its initializer (one that stops matching leaves its watch as DELETED),
// reads one at /clusters/<name>, and removes its own initializer from status.initializers, nothing
// else (422). Everyone else gets 403: the caller needs `initialize` on that WorkspaceType in its
// workspace.
//
// Not yet: the workspace content proxy kcp serves at /clusters/<name> for the other resources.

import { invalidValue } from '../../registry/field-errors.js';
import { logicalClusters, type LogicalClusterStatus } from '../../registry/builtins/logicalclusters.js';
import type { KubeObject } from '../../api/types.js';
import { allow, deny, type Authorizer } from '../../authz/authorizer.js';
import type { ResourceType } from '../../registry/resource-type.js';
import type { VirtualView } from '../../server/context.js';
import type { VirtualWorkspace } from '../virtual-workspace.js';

export const initializingWorkspacesName = 'initializingworkspaces';

const statusOf = (o: KubeObject) => (o.status as LogicalClusterStatus | undefined) ?? {};

/** What one initializer sees of the LogicalClusters: at `*` list and watch, in one cluster get and status. */
function viewTypes(initializer: string): { wildcard: ResourceType; single: ResourceType } {
  const visible = (o: KubeObject) =>
    statusOf(o).phase === 'Initializing' && (statusOf(o).initializers ?? []).includes(initializer);
  const onlyOwn = (obj: KubeObject, old: KubeObject) => {
    const before = statusOf(old).initializers ?? [];
    const after = statusOf(obj).initializers ?? [];
    if (before.length === after.length) return [];
    if (before.length - after.length !== 1 || after.includes(initializer))
      return [
        invalidValue(
          'status.initializers',
          after,
          `only removing the "${initializer}" initializer is supported`,
        ),
      ];
    return [];
  };
  const base = logicalClusters;
  return {
    wildcard: { ...base, verbs: ['get', 'list', 'watch'], subresources: [], visible },
    single: {
      ...base,
      verbs: ['get'],
      subresources: ['status'],
      visible,
      strategy: {
        ...base.strategy,
        validateUpdate: (obj, old) => [...base.strategy.validateUpdate(obj, old), ...onlyOwn(obj, old)],
      },
    },
  };
}

export function initializingWorkspacesVirtualWorkspace(o: { authorize: Authorizer }): VirtualWorkspace {
  const views = new Map<string, VirtualView>();
  return {
    async resolve([initializer]) {
      const key = initializer!;
      const cached = views.get(key);
      if (cached) return cached;
      const colon = key.lastIndexOf(':');
      const typeCluster = colon > 0 ? key.slice(0, colon) : '';
      const typeName = colon > 0 ? key.slice(colon + 1) : '';
      const { wildcard, single } = viewTypes(key);
      const typesAt = (cluster: string) => (cluster === '*' ? [wildcard] : [single]);
      const authorize: Authorizer = async (a) => {
        // kcp: a delegated check of `initialize` on the WorkspaceType, in the type's workspace.
        if (!typeCluster || !typeName) return deny('access denied');
        const decision = await o.authorize({
          user: a.user,
          cluster: typeCluster,
          verb: 'initialize',
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
      const view: VirtualView = {
        catalog: {
          typesFor: async (cluster) => typesAt(cluster),
          resolve: async (cluster, group, version, plural) =>
            typesAt(cluster).find(
              (t) => t.group === group && t.version === version && t.names.plural === plural,
            ),
        },
        authorize,
      };
      views.set(key, view);
      // Bounded: one entry per initializer asked for, oldest dropped.
      if (views.size > 1024) views.delete(views.keys().next().value!);
      return view;
    },
  };
}
