// What exists before the first request (kcp config/root-phase0 and config/root): the `root`
// logical cluster, its `default` namespace, and the built-in WorkspaceTypes with the
// `workspace-types` battery on (kcp's default). Idempotent: a restart changes nothing, and types
// a user has changed are left as they are (kcp marks root's type create-only).

import type { KubeObject } from '../api/types.js';
import { universalDefaultAPIBindings } from '../apis/root-apis.js';
import { logicalClusterDeletionFinalizer } from '../registry/builtins/logicalclusters.js';
import { namespaces } from '../registry/builtins/namespaces.js';
import type { WorkspaceTypeSpec } from '../registry/builtins/tenancy.js';
import { createObject, mutateObject } from '../registry/objects.js';
import type { Scope } from '../registry/scope.js';
import type { Store } from '../storage/store.js';
import { logicalClusterName, logicalClusterScope, workspaceTypeScope } from '../tenancy/keys.js';
import { pathAnnotation, typeAnnotation } from '../tenancy/workspace-types.js';

export const rootCluster = 'root';

const universal = { name: 'universal', path: 'root' };

export const builtinWorkspaceTypes: Record<string, WorkspaceTypeSpec> = {
  // Every new workspace of a type extending universal is bound to root's tenancy and topology.
  universal: { initializer: true, defaultAPIBindings: universalDefaultAPIBindings },
  root: {
    extend: { with: [universal] },
    defaultChildWorkspaceType: { name: 'organization', path: 'root' },
    limitAllowedParents: { none: true },
  },
  home: {
    extend: { with: [universal] },
    defaultChildWorkspaceType: universal,
    limitAllowedParents: { none: true },
  },
  organization: {
    extend: { with: [universal] },
    defaultChildWorkspaceType: universal,
    limitAllowedChildren: { types: [universal] },
    limitAllowedParents: { types: [{ name: 'root', path: 'root' }] },
  },
  team: {
    extend: { with: [universal] },
    defaultChildWorkspaceType: universal,
    limitAllowedParents: {
      types: [
        { name: 'organization', path: 'root' },
        { name: 'team', path: 'root' },
      ],
    },
  },
};

async function createIfMissing(store: Store, scope: Scope, obj: KubeObject): Promise<void> {
  await createObject(store, scope, obj).catch((e: { code?: number }) => {
    if (e.code !== 409) throw e;
  });
}

export async function bootstrapRoot(store: Store): Promise<void> {
  await createIfMissing(store, logicalClusterScope(rootCluster), {
    apiVersion: 'core.kcp.io/v1alpha1',
    kind: 'LogicalCluster',
    metadata: {
      name: logicalClusterName,
      annotations: { [pathAnnotation]: rootCluster, [typeAnnotation]: 'root:root' },
      finalizers: [logicalClusterDeletionFinalizer],
    },
    spec: {},
    status: { phase: 'Ready' },
  });
  await createIfMissing(
    store,
    { type: namespaces, cluster: rootCluster },
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
    },
  );
  for (const [name, spec] of Object.entries(builtinWorkspaceTypes)) {
    await createIfMissing(store, workspaceTypeScope(rootCluster), {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'WorkspaceType',
      metadata: { name, annotations: { [pathAnnotation]: rootCluster } },
      spec,
    });
  }
}

/** Root's LogicalCluster shows the URL it is served at, known once the listener is up. */
export async function publishRootURL(store: Store, externalURL: string): Promise<void> {
  await mutateObject(store, logicalClusterScope(rootCluster), logicalClusterName, (lc) => {
    const status = (lc.status ??= {}) as { URL?: string };
    if (status.URL === `${externalURL}/clusters/${rootCluster}`) return false;
    status.URL = `${externalURL}/clusters/${rootCluster}`;
  });
}
