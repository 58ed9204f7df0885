// The RBAC objects kcp keeps outside any user's workspace, as data:
//  - systemAdminPolicy(): what kcp writes into the `system:admin` logical cluster at start-up. kcp
//    authorizes every request in every logical cluster against the union of that cluster's own RBAC and
//    these objects, so they are the rights every workspace starts with.
//  - rootWorkspacePolicy(): the RBAC objects of kcp's config/root, created once in the root workspace.
// Contents and rule order mirror a running kcp (read back with kubectl), so that rules reviews and
// `kubectl get clusterroles -o yaml` show what kcp shows.

import type { KubeObject } from '../api/types.js';
import type { PolicyRule } from './rbac-rules.js';
import {
  aggregateToLabel,
  kubeClusterRoleBindings,
  kubeClusterRoles,
  type ClusterRoleBindingData,
  type ClusterRoleData,
} from './bootstrap-policy-kube.js';

export { aggregateToLabel };

// PolicyRule's keys are written in the order Kubernetes serialises them.
export type { PolicyRule };

export interface RbacPolicy {
  clusterRoles: KubeObject[];
  clusterRoleBindings: KubeObject[];
}

const rbacGroup = 'rbac.authorization.k8s.io';
const rbacApiVersion = `${rbacGroup}/v1`;

// Kubernetes marks every object of its own bootstrap policy with these; kcp's additions carry neither
// (its policy objects are plain, and config/root objects get only what their YAML says).
const kubeBootstrapLabels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const kubeBootstrapAnnotations = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

type Marking = 'kube-bootstrap' | 'plain';

function clusterRole(data: ClusterRoleData, marking: Marking): KubeObject {
  const metadata: Record<string, unknown> = { name: data.name };
  if (marking === 'kube-bootstrap') {
    metadata.labels = { ...kubeBootstrapLabels, ...data.labels };
    metadata.annotations = { ...kubeBootstrapAnnotations };
  }
  const role: KubeObject = { kind: 'ClusterRole', apiVersion: rbacApiVersion, metadata, rules: data.rules };
  if (data.aggregates !== undefined) {
    role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [data.aggregates]: 'true' } }] };
  }
  return structuredClone(role);
}

function clusterRoleBinding(data: ClusterRoleBindingData, marking: Marking): KubeObject {
  const metadata: Record<string, unknown> = { name: data.name };
  if (marking === 'kube-bootstrap') {
    metadata.labels = { ...kubeBootstrapLabels };
    metadata.annotations = { ...kubeBootstrapAnnotations };
  }
  const binding: KubeObject = { kind: 'ClusterRoleBinding', apiVersion: rbacApiVersion, metadata };
  // Kubernetes drops an empty subject list when it serialises a binding.
  if (data.groups.length > 0) {
    binding.subjects = data.groups.map((name) => ({ kind: 'Group', apiGroup: rbacGroup, name }));
  }
  binding.roleRef = { apiGroup: rbacGroup, kind: 'ClusterRole', name: data.roleName };
  return binding;
}

// ---------------------------------------------------------------------------------------------------
// kcp's own bootstrap policy (pkg/authorization/bootstrap).
// ---------------------------------------------------------------------------------------------------

const kcpClusterRoles: ClusterRoleData[] = [
  {
    name: 'system:kcp:tenancy:reader',
    rules: [
      { verbs: ['get', 'list', 'watch'], apiGroups: ['tenancy.kcp.io'], resources: ['workspaces'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: ['tenancy.kcp.io'], resources: ['workspacetypes'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: ['core.kcp.io'], resources: ['logicalclusters'] },
    ],
  },
  {
    name: 'system:kcp:tenancy:workspace-bootstrapper',
    rules: [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ],
  },
  {
    name: 'system:kcp:logical-cluster-admin',
    rules: [
      { verbs: ['*'], apiGroups: ['core.kcp.io'], resources: ['logicalclusters', 'logicalclusters/status'] },
      { verbs: ['delete', 'get', 'update'], apiGroups: ['tenancy.kcp.io'], resources: ['workspaces'] },
    ],
  },
  {
    // kcp declares this role in five pieces under one name. Its start-up hook reconciles the pieces one
    // after the other, as Kubernetes reconciles its own bootstrap roles: the first piece creates the role
    // as written; each later piece adds only what the role does not cover yet, broken down into one rule
    // per (group, resource, verb), appended in that order. Hence the single-verb tail below.
    name: 'system:kcp:external-logical-cluster-admin',
    rules: [
      {
        verbs: ['delete', 'get', 'update'],
        apiGroups: ['core.kcp.io'],
        resources: ['logicalclusters', 'logicalclusters/status'],
      },
      {
        verbs: ['delete', 'get', 'patch', 'update'],
        apiGroups: ['tenancy.kcp.io'],
        resources: ['workspaces'],
      },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets', 'serviceaccounts'] },
      { verbs: ['access'], nonResourceURLs: ['/'] },
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'] },
      { verbs: ['get'], apiGroups: ['apis.kcp.io'], resources: ['apiexportendpointslices/status'] },
      { verbs: ['patch'], apiGroups: ['apis.kcp.io'], resources: ['apiexportendpointslices/status'] },
      { verbs: ['update'], apiGroups: ['apis.kcp.io'], resources: ['apiexportendpointslices/status'] },
      { verbs: ['get'], apiGroups: ['apis.kcp.io'], resources: ['apiexportendpointslices'] },
      { verbs: ['list'], apiGroups: ['apis.kcp.io'], resources: ['apiexportendpointslices'] },
      { verbs: ['watch'], apiGroups: ['apis.kcp.io'], resources: ['apiexportendpointslices'] },
      {
        verbs: ['get'],
        apiGroups: ['cache.kcp.io'],
        resources: ['clustercachedresourceendpointslices/status'],
      },
      {
        verbs: ['patch'],
        apiGroups: ['cache.kcp.io'],
        resources: ['clustercachedresourceendpointslices/status'],
      },
      {
        verbs: ['update'],
        apiGroups: ['cache.kcp.io'],
        resources: ['clustercachedresourceendpointslices/status'],
      },
      { verbs: ['get'], apiGroups: ['cache.kcp.io'], resources: ['clustercachedresourceendpointslices'] },
      { verbs: ['list'], apiGroups: ['cache.kcp.io'], resources: ['clustercachedresourceendpointslices'] },
      { verbs: ['watch'], apiGroups: ['cache.kcp.io'], resources: ['clustercachedresourceendpointslices'] },
      { verbs: ['get'], apiGroups: ['tenancy.kcp.io'], resources: ['workspaceauthenticationconfigurations'] },
      { verbs: ['create'], apiGroups: ['migration.kcp.io'], resources: ['logicalclusterdumps'] },
      { verbs: ['get'], apiGroups: ['migration.kcp.io'], resources: ['logicalclustermigrations'] },
      { verbs: ['patch'], apiGroups: ['migration.kcp.io'], resources: ['logicalclustermigrations'] },
      { verbs: ['update'], apiGroups: ['migration.kcp.io'], resources: ['logicalclustermigrations'] },
      { verbs: ['get'], apiGroups: ['migration.kcp.io'], resources: ['logicalclustermigrations/status'] },
      { verbs: ['patch'], apiGroups: ['migration.kcp.io'], resources: ['logicalclustermigrations/status'] },
      { verbs: ['update'], apiGroups: ['migration.kcp.io'], resources: ['logicalclustermigrations/status'] },
      { verbs: ['list'], apiGroups: ['apis.kcp.io'], resources: ['apibindings'] },
      { verbs: ['get'], apiGroups: ['apis.kcp.io'], resources: ['apiexports'] },
      { verbs: ['get'], apiGroups: ['apis.kcp.io'], resources: ['apiresourceschemas'] },
      { verbs: ['create'], apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'] },
      { verbs: ['get'], apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'] },
    ],
  },
  {
    name: 'system:kcp:workspace:access',
    rules: [{ verbs: ['access'], nonResourceURLs: ['/'] }],
  },
  {
    name: 'system:kcp:metrics-reader',
    rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }],
  },
];

const kcpClusterRoleBindings: ClusterRoleBindingData[] = [
  // Members of system:kcp:admin are cluster-admin in every workspace.
  { name: 'system:kcp:admin:cluster-admin', roleName: 'cluster-admin', groups: ['system:kcp:admin'] },
  {
    name: 'system:kcp:tenancy:workspace-bootstrapper',
    roleName: 'system:kcp:tenancy:workspace-bootstrapper',
    groups: [
      'system:kcp:tenancy:workspace-bootstrapper',
      'apis.kcp.io:binding:system:kcp:tenancy:workspace-bootstrapper',
    ],
  },
  {
    name: 'system:kcp:logical-cluster-admin',
    roleName: 'system:kcp:logical-cluster-admin',
    groups: ['system:kcp:logical-cluster-admin'],
  },
  {
    name: 'system:kcp:external-logical-cluster-admin',
    roleName: 'system:kcp:external-logical-cluster-admin',
    groups: ['system:kcp:external-logical-cluster-admin'],
  },
];

/** Go's byte-wise string order, which Kubernetes' controllers use when they sort by name. */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function sameStrings(a: string[] | undefined, b: string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function samePolicyRule(a: PolicyRule, b: PolicyRule): boolean {
  return (
    sameStrings(a.verbs, b.verbs) &&
    sameStrings(a.apiGroups, b.apiGroups) &&
    sameStrings(a.resources, b.resources) &&
    sameStrings(a.resourceNames, b.resourceNames) &&
    sameStrings(a.nonResourceURLs, b.nonResourceURLs)
  );
}

/**
 * The rules the clusterrole-aggregation controller settles on: every aggregating role gets the rules of
 * all other roles carrying its aggregate-to label, those roles taken in name order, exact duplicates
 * dropped. Repeated until nothing changes because aggregated roles feed each other (view → edit → admin);
 * rules only ever grow, so this ends.
 */
function settleAggregation(roles: ClusterRoleData[]): ClusterRoleData[] {
  let current = roles;
  for (let changed = true; changed;) {
    changed = false;
    current = current.map((role) => {
      const label = role.aggregates;
      if (label === undefined) return role;
      const sources = current
        .filter((r) => r.name !== role.name && r.labels?.[label] === 'true')
        .sort(byName);
      const rules: PolicyRule[] = [];
      for (const rule of sources.flatMap((r) => r.rules)) {
        if (!rules.some((r) => samePolicyRule(r, rule))) rules.push(rule);
      }
      if (rules.length === role.rules.length && rules.every((r, i) => samePolicyRule(r, role.rules[i]!))) {
        return role;
      }
      changed = true;
      return { ...role, rules };
    });
  }
  return current;
}

const settledKubeClusterRoles = settleAggregation(kubeClusterRoles);

/** The ClusterRoles and ClusterRoleBindings of the system:admin logical cluster (fresh copies per call). */
export function systemAdminPolicy(): RbacPolicy {
  return {
    clusterRoles: [
      ...settledKubeClusterRoles.map((r) => clusterRole(r, 'kube-bootstrap')),
      ...kcpClusterRoles.map((r) => clusterRole(r, 'plain')),
    ],
    clusterRoleBindings: [
      ...kubeClusterRoleBindings.map((b) => clusterRoleBinding(b, 'kube-bootstrap')),
      ...kcpClusterRoleBindings.map((b) => clusterRoleBinding(b, 'plain')),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// The root workspace (kcp's config/root/clusterrole*.yaml and clusterrolebinding*.yaml).
//
// Several of these bindings point at roles that exist only in system:admin (system:kcp:tenancy:reader,
// system:kcp:workspace:access): kcp resolves a roleRef against the local cluster and the bootstrap policy.
// Left out: the metrics-viewer objects, which kcp only creates with the non-default `metrics-viewer`
// battery. Also not here: the `internal.kcp.io/replicate` annotation real kcp shows on some of these (its
// replication controllers add it for the cache server) and the `workspace-admin` binding of the root
// workspace's owner (made by the logical cluster controller, not by config/root).
// ---------------------------------------------------------------------------------------------------

const rootClusterRoles: ClusterRoleData[] = [
  {
    name: 'system:kcp:apiexport:kcp-admin:maximal-permission-policy',
    rules: [{ verbs: ['*'], apiGroups: ['tenancy.kcp.io'], resources: ['*'] }],
  },
  {
    name: 'system:kcp:apiexport:tenancy:bind',
    rules: [
      {
        verbs: ['bind'],
        apiGroups: ['apis.kcp.io'],
        resources: ['apiexports'],
        resourceNames: ['tenancy.kcp.io'],
      },
    ],
  },
  {
    name: 'system:kcp:apiexport:tenancy:maximal-permission-policy',
    rules: [
      {
        verbs: ['*'],
        apiGroups: ['tenancy.kcp.io'],
        resources: ['workspaces', 'workspaceauthenticationconfigurations', 'workspacetypes'],
      },
      {
        verbs: ['list', 'watch', 'get'],
        apiGroups: ['tenancy.kcp.io'],
        resources: ['workspaces/status', 'workspacetypes/status'],
      },
    ],
  },
  {
    name: 'system:kcp:apiexport:topology:bind',
    rules: [
      {
        verbs: ['bind'],
        apiGroups: ['apis.kcp.io'],
        resources: ['apiexports'],
        resourceNames: ['topology.kcp.io'],
      },
    ],
  },
  {
    name: 'system:kcp:apiexport:topology:maximal-permission-policy',
    rules: [{ verbs: ['*'], apiGroups: ['topology.kcp.io'], resources: ['partitions', 'partitionsets'] }],
  },
  {
    name: 'system:kcp:home-clusterworkspace-create',
    rules: [
      {
        verbs: ['get', 'create'],
        apiGroups: ['tenancy.kcp.io'],
        resources: ['workspaces'],
        resourceNames: ['~'],
      },
    ],
  },
  {
    name: 'system:kcp:universal-workspacetype-use',
    rules: [
      {
        verbs: ['use'],
        apiGroups: ['tenancy.kcp.io'],
        resources: ['workspacetypes'],
        resourceNames: ['universal', 'organization', 'team'],
      },
    ],
  },
];

// The home-creator binding is not here: rootWorkspacePolicy builds it from the configured groups.
const rootClusterRoleBindings: ClusterRoleBindingData[] = [
  {
    name: 'system:kcp:authenticated:apiexport:kcp-admin:maximal-permission-policy',
    roleName: 'system:kcp:apiexport:kcp-admin:maximal-permission-policy',
    groups: ['apis.kcp.io:binding:system:kcp:admin'],
  },
  {
    name: 'system:kcp:authenticated:apiexport:tenancy:bind',
    roleName: 'system:kcp:apiexport:tenancy:bind',
    groups: ['system:authenticated'],
  },
  {
    name: 'system:kcp:authenticated:apiexport:tenancy:maximal-permission-policy',
    roleName: 'system:kcp:apiexport:tenancy:maximal-permission-policy',
    groups: ['apis.kcp.io:binding:system:authenticated'],
  },
  {
    name: 'system:kcp:authenticated:apiexport:topology:bind',
    roleName: 'system:kcp:apiexport:topology:bind',
    groups: ['system:authenticated'],
  },
  {
    name: 'system:kcp:authenticated:apiexport:topology:maximal-permission-policy',
    roleName: 'system:kcp:apiexport:topology:maximal-permission-policy',
    groups: ['apis.kcp.io:binding:system:authenticated'],
  },
  {
    name: 'system:kcp:authenticated:tenancy:reader',
    roleName: 'system:kcp:tenancy:reader',
    groups: ['system:authenticated'],
  },
  {
    name: 'system:kcp:authenticated:universal-workspacetype-use',
    roleName: 'system:kcp:universal-workspacetype-use',
    groups: ['system:authenticated'],
  },
  {
    name: 'system:kcp:tenancy:authenticated:access',
    roleName: 'system:kcp:workspace:access',
    groups: ['system:authenticated'],
  },
];

/**
 * The RBAC objects kcp creates in the root workspace. `homeCreatorGroups` are the groups allowed to have
 * their home workspace created (kcp's --home-workspaces-home-creator-groups, default system:authenticated).
 */
export function rootWorkspacePolicy(homeCreatorGroups: readonly string[]): RbacPolicy {
  const homeCreate: ClusterRoleBindingData = {
    name: 'system:kcp:configured-group:home-clusterworkspace-create',
    roleName: 'system:kcp:home-clusterworkspace-create',
    groups: [...homeCreatorGroups],
  };
  return {
    clusterRoles: rootClusterRoles.map((r) => clusterRole(r, 'plain')),
    clusterRoleBindings: [...rootClusterRoleBindings, homeCreate]
      .sort(byName)
      .map((b) => clusterRoleBinding(b, 'plain')),
  };
}
