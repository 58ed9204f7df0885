// The names kcp gives apis.kcp.io's keys, labels, annotations and system clusters; clients and
// other controllers observe them, so they are kcp's exactly.

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

/** Path of an export's virtual workspace below the shard URL. */
export function apiExportVirtualWorkspacePath(exportCluster: string, exportName: string): string {
  return `/services/apiexport/${exportCluster}/${exportName}`;
}
