// What apis.kcp.io adds to kcp's authorizer chain (pkg/authorization/system_crd_authorizer.go,
// maximal_permission_policy_authorizer.go), in front of the workspace's own RBAC:
// - apibindings/status and apiexports/status belong to kcp's controllers: denied to everyone but
//   system:masters (who never reaches this chain), whatever their RBAC says;
// - a request on a bound resource whose export sets maximalPermissionPolicy.local must also be
//   allowed by the export workspace's RBAC for the caller renamed `apis.kcp.io:binding:<name>`
//   with every group prefixed the same way. Once the export is gone the policy no longer applies.
// Callers see kcp's anonymized "access denied" either way.

import { deny, noOpinion, type Attributes, type Authorizer } from '../authz/authorizer.js';
import { getObject } from '../registry/objects.js';
import type { Store } from '../storage/store.js';
import type { BoundTypeCache } from './bound-types.js';
import { apisGroup, bindingUser } from './names.js';
import { apiBindings, apiExports } from './system-types.js';
import type { APIBinding, APIExport } from './types.js';

const controllerOwnedStatus = new Set(['apibindings', 'apiexports']);

export function apisAuthorizer(o: {
  store: Store;
  boundTypes: BoundTypeCache;
  /** RBAC of a logical cluster without its workspace gates (kcp's deep check). */
  rbacOnly: Authorizer;
  inner: Authorizer;
}): Authorizer {
  const { store, boundTypes, rbacOnly, inner } = o;

  /** The export of the binding serving (group, resource) in `cluster`, if that binding exists. */
  async function exportBehind(a: Attributes): Promise<{ cluster: string; apiExport: APIExport } | undefined> {
    const cluster = a.cluster;
    if (cluster === undefined || cluster === '*') return undefined;
    const bindings = await boundTypes.get(cluster);
    let bindingName: string | undefined;
    for (const bound of bindings.boundOf.values())
      if (bound.bound.group === a.group && bound.bound.resource === a.resource) bindingName = bound.binding;
    if (bindingName === undefined) return undefined;
    const binding = (await getObject(store, { type: apiBindings, cluster }, bindingName).catch(
      () => undefined,
    )) as APIBinding | undefined;
    const exportCluster = binding?.status?.apiExportClusterName;
    const exportName = binding?.spec?.reference?.export?.name;
    if (!exportCluster || !exportName) return undefined;
    const apiExport = (await getObject(store, { type: apiExports, cluster: exportCluster }, exportName).catch(
      () => undefined,
    )) as APIExport | undefined;
    return apiExport ? { cluster: exportCluster, apiExport } : undefined;
  }

  return async (a) => {
    if (!a.isResourceRequest) return inner(a);
    if (a.group === apisGroup && a.subresource === 'status' && controllerOwnedStatus.has(a.resource))
      return deny('access denied');
    const behind = await exportBehind(a);
    if (behind?.apiExport.spec?.maximalPermissionPolicy?.local !== undefined) {
      const policy = await rbacOnly({
        ...a,
        cluster: behind.cluster,
        user: bindingUser(a.user),
      });
      if (policy.decision !== 'allow') return noOpinion('access denied');
    }
    return inner(a);
  };
}
