// The names kcp gives apis.kcp.io's keys, labels, annotations and system clusters; clients and
// other controllers observe them, so they are kcp's exactly.

import {
  anonymousUserName,
  authenticatedGroup,
  clusterNameExtraKey,
  isServiceAccount,
  serviceAccountUserPrefix,
  unauthenticatedGroup,
  type UserInfo,
} from '../authn/user.js';

export const apisGroup = 'apis.kcp.io';
export const storageVersion = 'v1alpha2';

/** Where the CRDs that serve bound resources live, one per APIResourceSchema (named by its UID). */
export const boundCRDsCluster = 'system:bound-crds';

/** Finalizer on every APIBinding: its bound objects are deleted before it goes. */
export const bindingFinalizer = 'apis.kcp.io/apibinding-finalizer';

/** Label on an APIBinding naming its export: base62 of SHA-224 of `<export cluster>:<export name>`. */
export const exportLabel = 'internal.apis.kcp.io/export';

/** LogicalCluster annotation: which binding (or local CRD) owns each group-resource. */
export const resourceBindingsAnnotation = 'internal.apis.kcp.io/resource-bindings';

/** On a CRD in system:bound-crds; a client CRD carrying it is refused. */
export const boundCRDAnnotation = 'apis.kcp.io/bound-crd';
export const schemaClusterAnnotation = 'apis.kcp.io/schema-cluster';
export const schemaNameAnnotation = 'apis.kcp.io/schema-name';

/** An APIExport with this annotation gets no APIExportEndpointSlice of the same name. */
export const skipEndpointSliceAnnotation = 'apiexports.apis.kcp.io/skip-endpointslice';

/** Namespace and data key of the identity Secret the APIExport controller creates. */
export const identitySecretNamespace = 'kcp-system';
export const identitySecretKey = 'key';

/** Prefix of the user and groups a maximal permission policy authorizes in the provider. */
export const bindingSubjectPrefix = 'apis.kcp.io:binding:';

/**
 * Who a maximal permission policy is asked about in the provider's workspace: the caller with
 * name and groups prefixed by `apis.kcp.io:binding:`, a service account named by its home
 * cluster (`...system:kcp:serviceaccount:<cluster>:<ns>:<name>`), as kcp's PrefixUser does. Only
 * name and groups are matched there: scopes and a service account's home cluster say where the
 * caller acts, which the consumer side's own check covers.
 */
export function bindingUser(user: UserInfo): UserInfo {
  const groups = user.groups.map((g) => `${bindingSubjectPrefix}${g}`);
  if (!isServiceAccount(user)) return { name: `${bindingSubjectPrefix}${user.name}`, uid: user.uid, groups };
  const clusters = user.extra?.[clusterNameExtraKey] ?? [];
  // A service account without exactly one home cluster cannot be named: kcp falls back to anonymous.
  if (clusters.length !== 1) {
    const all = user.groups.includes(authenticatedGroup) ? authenticatedGroup : unauthenticatedGroup;
    return {
      name: `${bindingSubjectPrefix}${anonymousUserName}`,
      uid: '',
      groups: [`${bindingSubjectPrefix}${all}`],
    };
  }
  const rest = user.name.slice(serviceAccountUserPrefix.length);
  return {
    name: `${bindingSubjectPrefix}system:kcp:serviceaccount:${clusters[0]}:${rest}`,
    uid: user.uid,
    groups,
  };
}

/** Path of an export's virtual workspace below the shard URL. */
export function apiExportVirtualWorkspacePath(exportCluster: string, exportName: string): string {
  return `/services/apiexport/${exportCluster}/${exportName}`;
}
