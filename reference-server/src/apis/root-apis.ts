// kcp's own APIs as a service, as a default `kcp start` has them in root (config/root-phase0,
// config/root; the list checked against kcp v0.32.0-162): APIResourceSchemas and APIExports for
// tenancy.kcp.io, topology.kcp.io, shards.core.kcp.io, cache.kcp.io and migration.kcp.io, root's
// bindings to the first three, the `bind` grants every authenticated user has on
// tenancy and topology, and tenancy's maximal permission policy. The `universal` WorkspaceType
// names tenancy and topology in defaultAPIBindings, so every workspace of a type that extends it
// is bound to both before it is Ready (apibinder-controller.ts).
//
// Schemas here describe names, scope, versions and printer columns; spec and status are open
// objects. tenancy's kinds are still served by the built-in types (they win over a binding of the
// same resource), topology's and shards' through their bindings.
//
// Idempotent: on restart, what exists is left alone (kcp creates these objects create-only).

import type { KubeObject } from '../api/types.js';
import type { PrinterColumn } from '../apiextensions/crd-object.js';
import { createObject } from '../registry/objects.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { Store } from '../storage/store.js';
import { pathAnnotation } from '../tenancy/workspace-types.js';
import { exportLabelValue } from './hashes.js';
import { bindingFinalizer, exportLabel } from './names.js';
import { apiBindings, apiExports, apiResourceSchemas } from './system-types.js';

const rootCluster = 'root';
const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

interface RootSchema {
  /** kcp's schema name: a version prefix, then `<plural>.<group>`. */
  name: string;
  group: string;
  kind: string;
  plural: string;
  shortNames?: string[];
  namespaced?: boolean;
  status: boolean;
  specRequired: boolean;
  columns: PrinterColumn[];
}

const tenancy = 'tenancy.kcp.io';
const topology = 'topology.kcp.io';
const core = 'core.kcp.io';
const cache = 'cache.kcp.io';
const migration = 'migration.kcp.io';

const schemas: RootSchema[] = [
  {
    name: 'v250827-717cfea84.workspaceauthenticationconfigurations.tenancy.kcp.io',
    group: tenancy,
    kind: 'WorkspaceAuthenticationConfiguration',
    plural: 'workspaceauthenticationconfigurations',
    status: false,
    specRequired: true,
    columns: [],
  },
  {
    name: 'v260522-2bf05df66.workspaces.tenancy.kcp.io',
    group: tenancy,
    kind: 'Workspace',
    plural: 'workspaces',
    shortNames: ['ws'],
    status: true,
    specRequired: true,
    columns: [
      { name: 'Type', type: 'string', jsonPath: '.spec.type.name' },
      { name: 'Region', type: 'string', jsonPath: ".metadata.labels['region']" },
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'URL', type: 'string', jsonPath: '.spec.URL' },
      age,
    ],
  },
  {
    name: 'v260519-96f2749.workspacetypes.tenancy.kcp.io',
    group: tenancy,
    kind: 'WorkspaceType',
    plural: 'workspacetypes',
    status: true,
    specRequired: false,
    columns: [],
  },
  {
    name: 'v240903-d6797056a.partitions.topology.kcp.io',
    group: topology,
    kind: 'Partition',
    plural: 'partitions',
    status: false,
    specRequired: true,
    columns: [{ name: 'Owner', type: 'string', jsonPath: '.metadata.ownerReferences[*].name' }, age],
  },
  {
    name: 'v240903-d6797056a.partitionsets.topology.kcp.io',
    group: topology,
    kind: 'PartitionSet',
    plural: 'partitionsets',
    status: true,
    specRequired: true,
    columns: [{ name: 'Count', type: 'string', jsonPath: '.status.count' }, age],
  },
  {
    name: 'v260302-ae9fdd9c1.shards.core.kcp.io',
    group: core,
    kind: 'Shard',
    plural: 'shards',
    status: true,
    specRequired: false,
    columns: [
      { name: 'Region', type: 'string', jsonPath: ".metadata.labels['region']" },
      { name: 'URL', type: 'string', jsonPath: '.spec.baseURL' },
      { name: 'External URL', type: 'string', jsonPath: '.spec.externalURL' },
      age,
    ],
  },
  {
    name: 'v260804-b35f3bb61.clustercachedresourceendpointslices.cache.kcp.io',
    group: cache,
    kind: 'ClusterCachedResourceEndpointSlice',
    plural: 'clustercachedresourceendpointslices',
    status: true,
    specRequired: false,
    columns: [
      { name: 'ClusterCachedResource', type: 'string', jsonPath: '.spec.clusterCachedResource.name' },
      age,
    ],
  },
  {
    name: 'v250920-de0c8484d.clustercachedresources.cache.kcp.io',
    group: cache,
    kind: 'ClusterCachedResource',
    plural: 'clustercachedresources',
    status: true,
    specRequired: true,
    columns: [{ name: 'Resource', type: 'string', jsonPath: '.spec.resource' }, age],
  },
  {
    name: 'v260702-7381341f5.logicalclusterdumps.migration.kcp.io',
    group: migration,
    kind: 'LogicalClusterDump',
    plural: 'logicalclusterdumps',
    namespaced: true,
    status: true,
    specRequired: false,
    columns: [],
  },
  {
    name: 'v260702-7381341f5.logicalclustermigrations.migration.kcp.io',
    group: migration,
    kind: 'LogicalClusterMigration',
    plural: 'logicalclustermigrations',
    status: true,
    specRequired: false,
    columns: [
      { name: 'Logical Cluster', type: 'string', jsonPath: '.spec.logicalCluster' },
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'Destination', type: 'string', jsonPath: '.spec.destinationShard' },
      { name: 'Entries Copied', type: 'integer', jsonPath: '.status.entriesCopied' },
    ],
  },
  // Schemas root holds without exporting them.
  {
    name: 'v250523-2b8c1d3c5.cachedobjects.cache.kcp.io',
    group: cache,
    kind: 'CachedObject',
    plural: 'cachedobjects',
    status: false,
    specRequired: true,
    columns: [age],
  },
  {
    name: 'v260522-2bf05df66.logicalclusters.core.kcp.io',
    group: core,
    kind: 'LogicalCluster',
    plural: 'logicalclusters',
    status: true,
    specRequired: false,
    columns: [
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'URL', type: 'string', jsonPath: '.status.URL' },
      age,
    ],
  },
];

function schemaObject(s: RootSchema): KubeObject {
  return {
    apiVersion: 'apis.kcp.io/v1alpha1',
    kind: 'APIResourceSchema',
    metadata: { name: s.name },
    spec: {
      group: s.group,
      names: {
        kind: s.kind,
        listKind: `${s.kind}List`,
        plural: s.plural,
        singular: s.kind.toLowerCase(),
        ...(s.namespaced ? {} : { categories: ['kcp'] }),
        ...(s.shortNames ? { shortNames: s.shortNames } : {}),
      },
      scope: s.namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: open,
              ...(s.status ? { status: open } : {}),
            },
            ...(s.specRequired ? { required: ['spec'] } : {}),
          },
          subresources: s.status ? { status: {} } : {},
          ...(s.columns.length > 0 ? { additionalPrinterColumns: s.columns } : {}),
        },
      ],
    },
  };
}

/** Root's exports: name, the groups of their schemas, whether tenancy's policy applies. */
const rootExports = [
  { name: 'tenancy.kcp.io', group: tenancy, maximalPermissionPolicy: true, boundInRoot: true },
  { name: 'topology.kcp.io', group: topology, maximalPermissionPolicy: false, boundInRoot: true },
  { name: 'shards.core.kcp.io', group: core, maximalPermissionPolicy: false, boundInRoot: true },
  // Bound in root only with kcp's CacheAPIs feature gate (off by default); migration never.
  { name: 'cache.kcp.io', group: cache, maximalPermissionPolicy: false, boundInRoot: false },
  { name: 'migration.kcp.io', group: migration, maximalPermissionPolicy: false, boundInRoot: false },
];

/** Exported schemas: every schema of the export's group, except those root only holds. */
const unexported = new Set(['cachedobjects', 'logicalclusters']);

function exportObject(e: (typeof rootExports)[number]): KubeObject {
  return {
    apiVersion: 'apis.kcp.io/v1alpha2',
    kind: 'APIExport',
    metadata: { name: e.name },
    spec: {
      ...(e.maximalPermissionPolicy ? { maximalPermissionPolicy: { local: {} } } : {}),
      resources: schemas
        .filter((s) => s.group === e.group && !unexported.has(s.plural))
        .map((s) => ({ group: s.group, name: s.plural, schema: s.name, storage: { crd: {} } })),
    },
  };
}

/** The RBAC root holds for its exports (config/root/clusterrole*-apiexport-bind.yaml, *-maximal-permission-policy.yaml). */
function rootRBAC(): { roles: KubeObject[]; bindings: KubeObject[] } {
  const role = (name: string, rules: object[]): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  });
  const binding = (name: string, roleName: string, group: string): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  });
  const bindRule = (exportName: string) => ({
    apiGroups: ['apis.kcp.io'],
    resources: ['apiexports'],
    resourceNames: [exportName],
    verbs: ['bind'],
  });
  return {
    roles: [
      role('system:kcp:apiexport:tenancy:bind', [bindRule('tenancy.kcp.io')]),
      role('system:kcp:apiexport:topology:bind', [bindRule('topology.kcp.io')]),
      role('system:kcp:apiexport:tenancy:maximal-permission-policy', [
        {
          apiGroups: [tenancy],
          verbs: ['*'],
          resources: ['workspaces', 'workspaceauthenticationconfigurations', 'workspacetypes'],
        },
        {
          apiGroups: [tenancy],
          verbs: ['list', 'watch', 'get'],
          resources: ['workspaces/status', 'workspacetypes/status'],
        },
      ]),
      role('system:kcp:apiexport:topology:maximal-permission-policy', [
        { apiGroups: [topology], verbs: ['*'], resources: ['partitions', 'partitionsets'] },
      ]),
      role('system:kcp:apiexport:kcp-admin:maximal-permission-policy', [
        { apiGroups: [tenancy], verbs: ['*'], resources: ['*'] },
      ]),
    ],
    bindings: [
      binding(
        'system:kcp:authenticated:apiexport:tenancy:bind',
        'system:kcp:apiexport:tenancy:bind',
        'system:authenticated',
      ),
      binding(
        'system:kcp:authenticated:apiexport:topology:bind',
        'system:kcp:apiexport:topology:bind',
        'system:authenticated',
      ),
      binding(
        'system:kcp:authenticated:apiexport:tenancy:maximal-permission-policy',
        'system:kcp:apiexport:tenancy:maximal-permission-policy',
        'apis.kcp.io:binding:system:authenticated',
      ),
      binding(
        'system:kcp:authenticated:apiexport:topology:maximal-permission-policy',
        'system:kcp:apiexport:topology:maximal-permission-policy',
        'apis.kcp.io:binding:system:authenticated',
      ),
      binding(
        'system:kcp:authenticated:apiexport:kcp-admin:maximal-permission-policy',
        'system:kcp:apiexport:kcp-admin:maximal-permission-policy',
        'apis.kcp.io:binding:system:kcp:admin',
      ),
    ],
  };
}

/** universal's default bindings, which new workspaces of every built-in type inherit. */
export const universalDefaultAPIBindings = [
  { path: 'root', export: 'tenancy.kcp.io' },
  { path: 'root', export: 'topology.kcp.io' },
];

async function createIfMissing(store: Store, type: ResourceType, obj: KubeObject): Promise<void> {
  await createObject(store, { type, cluster: rootCluster }, obj).catch((e: { code?: number }) => {
    if (e.code !== 409) throw e;
  });
}

export async function bootstrapRootAPIs(
  store: Store,
  rbac: { clusterRoles: ResourceType; clusterRoleBindings: ResourceType },
): Promise<void> {
  for (const s of schemas) await createIfMissing(store, apiResourceSchemas, schemaObject(s));
  for (const e of rootExports) await createIfMissing(store, apiExports, exportObject(e));
  // Root binds them itself, named after the export (config/root-phase0/bootstrap.go).
  for (const e of rootExports.filter((x) => x.boundInRoot))
    await createIfMissing(store, apiBindings, {
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIBinding',
      metadata: {
        name: e.name,
        labels: { [exportLabel]: exportLabelValue(rootCluster, e.name) },
        annotations: { [pathAnnotation]: rootCluster },
        finalizers: [bindingFinalizer],
      },
      spec: { reference: { export: { path: rootCluster, name: e.name } } },
    });
  const { roles, bindings } = rootRBAC();
  for (const r of roles) await createIfMissing(store, rbac.clusterRoles, r);
  for (const b of bindings) await createIfMissing(store, rbac.clusterRoleBindings, b);
}
