// Writes kcp's bootstrap RBAC (authz/bootstrap-policy.ts): the system:admin cluster's roles and
// bindings, which every workspace's authorization includes, and root's own. Idempotent, and
// reconciling as kube-apiserver's bootstrap policy is: an object that drifted from the
// built-in content is put back unless it is annotated
// `rbac.authorization.kubernetes.io/autoupdate: "false"`.

import type { KubeObject } from '../api/types.js';
import { rootWorkspacePolicy, systemAdminPolicy, type RbacPolicy } from '../authz/bootstrap-policy.js';
import { systemAdminCluster } from '../authz/rbac-evaluator.js';
import { clusterrolebindings, clusterroles } from '../registry/builtins/rbac.js';
import { createObject, getObject, mutateObject } from '../registry/objects.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { Store } from '../storage/store.js';
import { rootCluster } from './bootstrap.js';

const autoupdateAnnotation = 'rbac.authorization.kubernetes.io/autoupdate';
const contentFields = ['rules', 'aggregationRule', 'roleRef', 'subjects'] as const;

async function ensure(store: Store, type: ResourceType, cluster: string, want: KubeObject): Promise<void> {
  const scope = { type, cluster };
  const name = want.metadata!.name!;
  const have = await getObject(store, scope, name).catch(() => undefined);
  if (!have) {
    await createObject(store, scope, want).catch((e: { code?: number }) => {
      if (e.code !== 409) throw e;
    });
    return;
  }
  if (have.metadata?.annotations?.[autoupdateAnnotation] === 'false') return;
  const differs = contentFields.some((f) => JSON.stringify(have[f]) !== JSON.stringify(want[f]));
  if (!differs) return;
  await mutateObject(store, scope, name, (obj) => {
    for (const f of contentFields) {
      if (want[f] === undefined) delete obj[f];
      else obj[f] = want[f];
    }
  });
}

async function ensurePolicy(store: Store, cluster: string, policy: RbacPolicy): Promise<void> {
  for (const role of policy.clusterRoles) await ensure(store, clusterroles, cluster, role);
  for (const binding of policy.clusterRoleBindings)
    await ensure(store, clusterrolebindings, cluster, binding);
}

export interface BootstrapPolicyOptions {
  /** Groups whose members may have a home workspace created (kcp default: system:authenticated). */
  homeCreatorGroups: readonly string[];
}

export async function bootstrapAuthorizationPolicy(
  store: Store,
  options: BootstrapPolicyOptions,
): Promise<void> {
  await ensurePolicy(store, systemAdminCluster, systemAdminPolicy());
  await ensurePolicy(store, rootCluster, rootWorkspacePolicy(options.homeCreatorGroups));
}
