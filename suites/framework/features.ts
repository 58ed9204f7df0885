// Named capabilities a target may or may not have (Gateway API style: conformance/utils/suite
// features). A test lists the features it needs; it runs only when all are supported and is
// reported as skipped otherwise. Support is claimed with --features or inferred from discovery.

export const Feature = {
  /** Legacy discovery documents /api and /api/v1 are served. */
  Discovery: 'Discovery',
  /**
   * /api answers aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) to a client
   * that asks for it in Accept: inferred by asking. (kcp serves it at /api but not at /apis inside
   * a workspace, which answers legacy documents or 406.)
   */
  AggregatedDiscovery: 'AggregatedDiscovery',
  /**
   * /openapi/v3 answers an index of hash-addressed OpenAPI v3 documents, one per served group
   * version (what kubectl explain, apply and create read): inferred by asking.
   */
  OpenAPIv3: 'OpenAPIv3',
  /** Namespaces can be created, read, listed and deleted. */
  Namespaces: 'Namespaces',
  /** ConfigMaps can be created, read, updated, listed and deleted. */
  ConfigMaps: 'ConfigMaps',
  /** Watches (?watch=true) stream events for ConfigMaps. */
  Watch: 'Watch',
  /**
   * Watches with allowWatchBookmarks=true receive BOOKMARK events (metav1 since Kubernetes 1.17;
   * kube-apiserver sends one about every minute): inferred together with Watch.
   */
  WatchBookmarks: 'WatchBookmarks',
  /**
   * Watches accept sendInitialEvents=true with resourceVersionMatch=NotOlderThan and end the
   * initial state with a BOOKMARK annotated k8s.io/initial-events-end (the WatchList feature gate):
   * inferred when such a watch is answered 200.
   */
  WatchList: 'WatchList',
  /** Lists honour ?labelSelector= with equality and set-based requirements. */
  LabelSelectors: 'LabelSelectors',
  /**
   * Lists are served in pages (limit/continue, API chunking: GA since Kubernetes 1.29) read from one
   * consistent snapshot, and honour resourceVersion/resourceVersionMatch: inferred together with a
   * ConfigMaps list verb, as every Kubernetes list supports them.
   */
  Paging: 'Paging',
  /**
   * Workspaces (tenancy.kcp.io) can be created under a parent workspace; each is backed by a
   * logical cluster with its LogicalCluster object (core.kcp.io), as in every kcp workspace.
   * With this feature every test runs in a workspace of its own.
   */
  Workspaces: 'Workspaces',
  /** WorkspaceTypes (tenancy.kcp.io) can be created and used as the type of new workspaces. */
  WorkspaceTypes: 'WorkspaceTypes',
  /**
   * A WorkspaceType with `initializer: true` holds new workspaces in phase Initializing until the
   * initializer is removed from the LogicalCluster status (logicalclusters/status is writable).
   */
  WorkspaceInitializers: 'WorkspaceInitializers',
  /** CustomResourceDefinitions (apiextensions.k8s.io/v1) can be created in a workspace. */
  CustomResourceDefinitions: 'CustomResourceDefinitions',
  /**
   * Custom resources are validated, pruned and defaulted by their CRD's structural schema
   * (apiextensions.k8s.io/v1): inferred together with CustomResourceDefinitions.
   */
  CRDValidation: 'CRDValidation',
  /**
   * A workspace can export APIs (apis.kcp.io): APIResourceSchemas (v1alpha1) and APIExports
   * (v1alpha2) can be created, and each export gets an identity and an APIExportEndpointSlice of
   * the same name. Inferred when discovery lists apis.kcp.io/v1alpha1 apiresourceschemas and
   * apis.kcp.io/v1alpha2 apiexports with create, get, delete.
   */
  APIExports: 'APIExports',
  /**
   * A workspace can bind an export with an APIBinding (apis.kcp.io/v1alpha2) and then serves the
   * exported resources like CRDs. Inferred when discovery lists apis.kcp.io/v1alpha2 apibindings
   * with create, get, delete.
   */
  APIBindings: 'APIBindings',
  /**
   * An APIExport's spec.maximalPermissionPolicy.local makes every request on a bound resource also
   * pass the export workspace's RBAC as user and groups prefixed `apis.kcp.io:binding:`. The field is
   * part of the APIExport API in both served versions (kcp types_apiexport.go) and no document
   * advertises enforcement, so it is inferred together with APIExports; a target that serves
   * exports without enforcing the policy must leave it out of --features.
   */
  MaximalPermissionPolicy: 'MaximalPermissionPolicy',
  /**
   * An APIExport's virtual workspace, at the URL its APIExportEndpointSlice lists once something
   * binds it (`/services/apiexport/<cluster>/<export>`), serves the exported resources of every
   * bound consumer (`/clusters/*`) and of each one (`/clusters/<logical cluster>`) to callers with
   * `apiexports/content` in the export's workspace (kcp pkg/virtual/apiexport). kcp serves it
   * wherever it serves APIExports and no document advertises it, so it is inferred with APIExports
   * and APIBindings; a target without it must leave it out of --features.
   */
  APIExportVirtualWorkspace: 'APIExportVirtualWorkspace',
  /**
   * The initializing workspaces virtual workspace a WorkspaceType with an initializer publishes in
   * status.virtualWorkspaces (`/services/initializingworkspaces/<type cluster>:<type>`): its
   * initializer lists, watches and updates the LogicalClusters waiting for it (kcp
   * pkg/virtual/initializingworkspaces). kcp serves it with workspace types and nothing advertises
   * it: inferred with WorkspaceInitializers.
   */
  InitializingWorkspacesVirtualWorkspace: 'InitializingWorkspacesVirtualWorkspace',
  /**
   * A WorkspaceType with `terminator: true` names a terminator `<type cluster>:<type name>` in the
   * status.terminators of its workspaces; a deleted one stays in phase Terminating, its
   * LogicalCluster held, until every terminator has removed itself (kcp
   * sdk/apis/tenancy/termination). Same API surface as initializers, advertised by nothing:
   * inferred with WorkspaceInitializers; a kcp older than terminators must leave it out.
   */
  WorkspaceTerminators: 'WorkspaceTerminators',
  /**
   * The terminating workspaces virtual workspace (`/services/terminatingworkspaces/<type
   * cluster>:<type>`) every WorkspaceType publishes: its terminator lists and watches the deleted
   * LogicalClusters waiting for it, reaches their content, and removes itself from their status
   * (kcp pkg/virtual/terminatingworkspaces): inferred with WorkspaceTerminators.
   */
  TerminatingWorkspacesVirtualWorkspace: 'TerminatingWorkspacesVirtualWorkspace',
  /**
   * WorkspaceType initializerPermissions/terminatorPermissions: the lifecycle virtual workspaces
   * let the hook's controller into the workspace with exactly those rules (kcp
   * pkg/authorization/lifecycle_permissions.go), instead of as the workspace's creator. Newer
   * than the lifecycle virtual workspaces themselves and advertised by nothing: inferred with
   * InitializingWorkspacesVirtualWorkspace; an older kcp must leave it out.
   */
  LifecyclePermissions: 'LifecyclePermissions',
  /**
   * APIExport spec.permissionClaims on built-in resources, accepted or rejected on APIBindings
   * (v1alpha2 spec.permissionClaims with state and selector): claimed objects carry kcp's claim
   * label and the export's virtual workspace shows its provider exactly those (kcp
   * pkg/reconciler/apis/permissionclaimlabel). Part of the v1alpha2 APIs, advertised by nothing:
   * inferred with APIExportVirtualWorkspace.
   */
  PermissionClaims: 'PermissionClaims',
  /**
   * New workspaces of kcp's default types get the APIBindings their WorkspaceType lists in
   * spec.defaultAPIBindings (made by the system:apibindings initializer before the workspace is
   * Ready): in kcp, root:universal lists root:tenancy.kcp.io and root:topology.kcp.io. Inferred
   * with APIBindings and WorkspaceTypes when the WorkspaceType universal in root is readable and
   * lists defaultAPIBindings; claim it where root cannot be read.
   */
  DefaultAPIBindings: 'DefaultAPIBindings',
  /**
   * /clusters/* lists and watches across logical clusters. Only a shard serves them (a front-proxy
   * answers 403) and discovery cannot tell which one the harness talks to: claim it, never inferred.
   */
  WildcardRequests: 'WildcardRequests',
  /**
   * The kubeconfig also names an identity in group system:masters for the same server (kcp's
   * admin.kubeconfig: user shard-admin), available to tests as ctx.privileged().
   */
  PrivilegedIdentity: 'PrivilegedIdentity',
  /**
   * ServiceAccounts can be created and issue tokens through the TokenRequest subresource
   * (POST .../serviceaccounts/<name>/token), which authenticate as the service account.
   */
  ServiceAccountTokens: 'ServiceAccountTokens',
  /**
   * Kubernetes user impersonation (Impersonate-User, Impersonate-Group headers) works for an
   * identity of the kubeconfig: inferred when a SelfSubjectReview sent with Impersonate-User is
   * answered 201 naming the impersonated user.
   */
  Impersonation: 'Impersonation',
  /**
   * The server answers GET /metrics at the top level (no /clusters/ prefix), as a kcp shard does
   * (a front-proxy does not): inferred when that request, as the kubeconfig's identity, gets 200.
   */
  ShardMetrics: 'ShardMetrics',
  /**
   * The garbage collector runs in every workspace: ownerReferences, propagationPolicy
   * Background/Foreground/Orphan and the orphan/foregroundDeletion finalizers (kcp runs Kubernetes'
   * garbage collector per logical cluster). Discovery cannot show a controller; every
   * Kubernetes-like server runs one, so it is inferred together with ConfigMaps.
   */
  GarbageCollection: 'GarbageCollection',
  /**
   * Server-side apply (PATCH application/apply-patch+yaml) and managedFields on every write (GA
   * since Kubernetes 1.22, so every Kubernetes-like server has it): inferred together with a
   * ConfigMaps patch verb.
   */
  ServerSideApply: 'ServerSideApply',
  /**
   * Strategic merge patch (application/strategic-merge-patch+json) of built-in types, with
   * Kubernetes' patch strategies and merge keys: every kube-apiserver serves it for its compiled-in
   * types, so it is inferred together with a ServiceAccounts patch verb.
   */
  StrategicMergePatch: 'StrategicMergePatch',
  /**
   * Lists and gets answer meta.k8s.io/v1 Table (what kubectl get prints) and PartialObjectMetadata
   * (what metadata informers read) to an Accept that asks for them: inferred by asking.
   */
  TableOutput: 'TableOutput',
  /**
   * Writes accept dryRun=All (validated and admitted, nothing stored) and
   * fieldValidation=Ignore|Warn|Strict: part of every write since Kubernetes 1.27, inferred together
   * with a ConfigMaps create verb.
   */
  DryRunAndFieldValidation: 'DryRunAndFieldValidation',
  /**
   * Events are served through core/v1 and events.k8s.io/v1 (create, get, list), as in every
   * Kubernetes 1.19+ server and every kcp workspace.
   */
  Events: 'Events',
} as const;

export type FeatureName = (typeof Feature)[keyof typeof Feature];

export const ALL_FEATURES: readonly FeatureName[] = Object.values(Feature);

export function isFeatureName(value: string): value is FeatureName {
  return (ALL_FEATURES as readonly string[]).includes(value);
}

/** Parses a comma-separated --features value; throws on names the suite does not know. */
export function parseFeatureList(value: string): FeatureName[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isFeatureName(name));
  if (unknown.length > 0) {
    throw new Error(`unknown feature(s) ${unknown.join(', ')}; known: ${ALL_FEATURES.join(', ')}`);
  }
  return [...new Set(names as FeatureName[])];
}
