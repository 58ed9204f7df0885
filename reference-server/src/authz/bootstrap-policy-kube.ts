// Kubernetes' own bootstrap RBAC as kcp keeps it in the system:admin logical cluster: the
// user-facing ClusterRoles and their bindings (plugin/pkg/auth/authorizer/rbac/bootstrappolicy),
// as data. bootstrap-policy.ts turns them into objects next to kcp's own.

import type { PolicyRule } from './rbac-rules.js';

const rbacGroup = 'rbac.authorization.k8s.io';

/** Label an aggregated role selects on: a role carrying `aggregate-to-<target>: "true"` feeds `<target>`. */
export function aggregateToLabel(target: 'admin' | 'edit' | 'view'): string {
  return `${rbacGroup}/aggregate-to-${target}`;
}

export interface ClusterRoleData {
  name: string;
  rules: PolicyRule[];
  /** Extra labels (aggregate-to-*) on top of the bootstrap ones. */
  labels?: Record<string, string>;
  /** The aggregate-to-* label this role collects rules from (admin, edit, view). */
  aggregates?: string;
}

export interface ClusterRoleBindingData {
  name: string;
  roleName: string;
  groups: string[];
}

// ---------------------------------------------------------------------------------------------------
// Kubernetes' bootstrap policy, the part a kcp user can meet.
//
// Left out of kcp's system:admin on purpose (they only serve node, kubelet, scheduler, controller-manager
// and in-cluster add-on identities, about types this server does not serve, and no kcp user holds them):
// the system:controller:* roles and bindings, system:node, system:node-proxier, system:node-bootstrapper,
// system:node-problem-detector, system:kubelet-api-admin, system:kube-scheduler, system:volume-scheduler,
// system:kube-controller-manager, system:kube-dns, system:kube-aggregator, system:heapster,
// system:persistent-volume-provisioner and the six system:certificates.k8s.io:* roles.
// ---------------------------------------------------------------------------------------------------

export const kubeClusterRoles: ClusterRoleData[] = [
  {
    name: 'cluster-admin',
    rules: [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ],
  },
  {
    name: 'system:discovery',
    rules: [
      {
        verbs: ['get'],
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
      },
    ],
  },
  {
    // kcp serves /metrics and the health endpoints; members of group system:monitoring may read them.
    name: 'system:monitoring',
    rules: [
      {
        verbs: ['get'],
        nonResourceURLs: [
          '/flagz',
          '/healthz',
          '/healthz/*',
          '/livez',
          '/livez/*',
          '/metrics',
          '/metrics/slis',
          '/readyz',
          '/readyz/*',
          '/statusz',
        ],
      },
      { verbs: ['get'], apiGroups: [''], resources: ['nodes/metrics'] },
    ],
  },
  {
    name: 'system:basic-user',
    rules: [
      {
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ],
  },
  {
    name: 'system:public-info-viewer',
    rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] }],
  },
  // admin, edit and view ship without rules of their own: see settleAggregation.
  {
    name: 'admin',
    aggregates: aggregateToLabel('admin'),
    rules: [],
  },
  {
    name: 'edit',
    labels: { [aggregateToLabel('admin')]: 'true' },
    aggregates: aggregateToLabel('edit'),
    rules: [],
  },
  {
    name: 'view',
    labels: { [aggregateToLabel('edit')]: 'true' },
    aggregates: aggregateToLabel('view'),
    rules: [],
  },
  {
    name: 'system:aggregate-to-admin',
    labels: { [aggregateToLabel('admin')]: 'true' },
    rules: [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'] },
      {
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['rolebindings', 'roles'],
      },
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { [aggregateToLabel('edit')]: 'true' },
    rules: [
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: [''],
        resources: [
          'pods/attach',
          'pods/exec',
          'pods/portforward',
          'pods/proxy',
          'secrets',
          'services/proxy',
        ],
      },
      { verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: [''],
        resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'],
      },
      { verbs: ['create'], apiGroups: [''], resources: ['pods/eviction'] },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: [''],
        resources: [
          'configmaps',
          'persistentvolumeclaims',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'secrets',
          'serviceaccounts',
          'services',
          'services/proxy',
        ],
      },
      { verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: ['', 'events.k8s.io'],
        resources: ['events'],
      },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: ['apps'],
        resources: [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'replicasets',
          'replicasets/scale',
          'statefulsets',
          'statefulsets/scale',
        ],
      },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: ['autoscaling'],
        resources: ['horizontalpodautoscalers'],
      },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: ['batch'],
        resources: ['cronjobs', 'jobs'],
      },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: ['extensions'],
        resources: [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'ingresses',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicationcontrollers/scale',
        ],
      },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: ['policy'],
        resources: ['poddisruptionbudgets'],
      },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: ['networking.k8s.io'],
        resources: ['ingresses', 'networkpolicies'],
      },
      {
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
      },
      {
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
        apiGroups: ['resource.k8s.io'],
        resources: ['resourceclaims', 'resourceclaimtemplates'],
      },
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: { [aggregateToLabel('view')]: 'true' },
    rules: [
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: [''],
        resources: [
          'configmaps',
          'endpoints',
          'persistentvolumeclaims',
          'persistentvolumeclaims/status',
          'pods',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'serviceaccounts',
          'services',
          'services/status',
        ],
      },
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: [''],
        resources: [
          'bindings',
          'limitranges',
          'namespaces/status',
          'pods/log',
          'pods/status',
          'replicationcontrollers/status',
          'resourcequotas',
          'resourcequotas/status',
        ],
      },
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: ['', 'events.k8s.io'], resources: ['events'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'] },
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: ['apps'],
        resources: [
          'controllerrevisions',
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'statefulsets',
          'statefulsets/scale',
          'statefulsets/status',
        ],
      },
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: ['autoscaling'],
        resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'],
      },
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: ['batch'],
        resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'],
      },
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: ['extensions'],
        resources: [
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'ingresses',
          'ingresses/status',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'replicationcontrollers/scale',
        ],
      },
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: ['policy'],
        resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'],
      },
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: ['networking.k8s.io'],
        resources: ['ingresses', 'ingresses/status', 'networkpolicies'],
      },
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: ['resource.k8s.io'],
        resources: ['resourceclaims', 'resourceclaims/status', 'resourceclaimtemplates'],
      },
    ],
  },
  {
    name: 'system:auth-delegator',
    rules: [
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'] },
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'] },
    ],
  },
  {
    // kcp serves the service account issuer discovery documents.
    name: 'system:service-account-issuer-discovery',
    rules: [
      {
        verbs: ['get'],
        nonResourceURLs: [
          '/.well-known/openid-configuration',
          '/.well-known/openid-configuration/',
          '/openid/v1/jwks',
          '/openid/v1/jwks/',
        ],
      },
    ],
  },
];

export const kubeClusterRoleBindings: ClusterRoleBindingData[] = [
  { name: 'cluster-admin', roleName: 'cluster-admin', groups: ['system:masters'] },
  { name: 'system:discovery', roleName: 'system:discovery', groups: ['system:authenticated'] },
  { name: 'system:monitoring', roleName: 'system:monitoring', groups: ['system:monitoring'] },
  { name: 'system:basic-user', roleName: 'system:basic-user', groups: ['system:authenticated'] },
  {
    name: 'system:public-info-viewer',
    roleName: 'system:public-info-viewer',
    groups: ['system:authenticated', 'system:unauthenticated'],
  },
  {
    name: 'system:service-account-issuer-discovery',
    roleName: 'system:service-account-issuer-discovery',
    groups: ['system:serviceaccounts'],
  },
];
