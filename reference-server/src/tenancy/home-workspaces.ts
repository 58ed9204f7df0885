// Home workspaces (kcp pkg/server/home_workspaces.go, enabled by default): GET of the Workspace
// named `~` in root returns the caller's home. The first call creates a LogicalCluster named
// after the user (cluster-names.ts homeClusterName), of type root:home, reachable as
// `user:<name>`; until it is Ready the answer is 429 with Retry-After: 1.

import { ApiError, failure, forbidden } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { UserInfo } from '../authn/user.js';
import { resourceAttributes, type Authorizer } from '../authz/authorizer.js';
import {
  logicalClusterDeletionFinalizer,
  type LogicalClusterStatus,
} from '../registry/builtins/logicalclusters.js';
import { createObject, getObject } from '../registry/objects.js';
import type { Store } from '../storage/store.js';
import { homeClusterName } from './cluster-names.js';
import { logicalClusterName, logicalClusterScope } from './keys.js';
import { syncLifecycleMetadata } from './lifecycle-metadata.js';
import { findType, initializersOf, pathAnnotation, typeAnnotation, typeClosure } from './workspace-types.js';

export const homeWorkspaceName = '~';

function creating(): ApiError {
  return new ApiError(
    failure(429, 'TooManyRequests', 'Creating the home workspace', { retryAfterSeconds: 1 }),
  );
}

export async function getHomeWorkspace(
  store: Store,
  user: UserInfo,
  externalURL: string,
  authorize: Authorizer,
): Promise<KubeObject> {
  const cluster = homeClusterName(user.name);
  const scope = logicalClusterScope(cluster);
  let lc = await getObject(store, scope, logicalClusterName).catch(() => undefined);
  if (!lc) {
    // kcp pkg/server/home_workspaces.go: making a home takes `create` on workspaces `~` in root
    // (root's home-creator binding), beyond the `get` that let the request in.
    const d = await authorize(
      resourceAttributes({
        user,
        cluster: 'root',
        verb: 'create',
        group: 'tenancy.kcp.io',
        resource: 'workspaces',
        name: homeWorkspaceName,
      }),
    );
    if (d.decision !== 'allow')
      throw forbidden(
        `workspaces.tenancy.kcp.io "${homeWorkspaceName}" is forbidden: User "${user.name}" cannot create resource "workspaces" in API group "tenancy.kcp.io" at the cluster scope: workspace access not permitted`,
        { name: homeWorkspaceName, group: 'tenancy.kcp.io', kind: 'workspaces' },
      );
    const home = await findType(store, { name: 'home', path: 'root' }, 'root');
    const initializers = home ? initializersOf(await typeClosure(store, home)) : [];
    const created: KubeObject = {
      apiVersion: 'core.kcp.io/v1alpha1',
      kind: 'LogicalCluster',
      metadata: {
        name: logicalClusterName,
        annotations: { [pathAnnotation]: `user:${user.name}`, [typeAnnotation]: 'root:home' },
        finalizers: [logicalClusterDeletionFinalizer],
      },
      spec: { createdBy: { username: user.name, groups: user.groups, uid: user.uid }, initializers },
      status: { phase: 'Initializing', URL: `${externalURL}/clusters/${cluster}`, initializers },
    };
    syncLifecycleMetadata(created);
    await createObject(store, scope, created).catch((e: { code?: number }) => {
      if (e.code !== 409) throw e;
    });
    lc = await getObject(store, scope, logicalClusterName);
  }
  const status = (lc.status ?? {}) as LogicalClusterStatus;
  if (status.phase !== 'Ready') throw creating();
  return {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: {
      name: logicalClusterName,
      creationTimestamp: lc.metadata?.creationTimestamp,
      annotations: { 'kcp.io/cluster': cluster },
    },
    spec: {
      type: { name: 'home', path: 'root' },
      cluster,
      URL: status.URL ?? `${externalURL}/clusters/${cluster}`,
    },
    status: { phase: status.phase },
  };
}
