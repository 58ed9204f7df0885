// The valid objects the bad-input corpus starts from: one of each kind a kcp workspace serves
// and a client commonly writes (built-ins, RBAC, access reviews, a CRD with CEL, kcp's own
// Workspace, APIBinding and APIExport). Each case of the corpus breaks one of them.

export interface Template {
  /** Collection path below the workspace base. */
  collection: string;
  object: Record<string, unknown>;
}

const NS = 'default';
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  labels: { app: 'x' },
  ...extra,
});

/** Valid objects of the types a workspace serves; the corpus derives its cases from them. */
export function templates(name: string): Template[] {
  const role = (kind: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: meta(name),
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
  });
  const binding = (kind: string, roleKind: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: meta(name),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: 'view' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }],
  });
  return [
    {
      collection: `/api/v1/namespaces/${NS}/configmaps`,
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name), data: { a: 'b' } },
    },
    {
      collection: `/api/v1/namespaces/${NS}/secrets`,
      object: { apiVersion: 'v1', kind: 'Secret', metadata: meta(name), type: 'Opaque', data: { a: 'Yg==' } },
    },
    {
      collection: `/api/v1/namespaces/${NS}/serviceaccounts`,
      object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name) },
    },
    {
      collection: '/api/v1/namespaces',
      object: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta(name),
        spec: { finalizers: ['kubernetes'] },
      },
    },
    {
      collection: `/api/v1/namespaces/${NS}/resourcequotas`,
      object: {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: meta(name),
        spec: { hard: { 'count/configmaps': '100' } },
      },
    },
    {
      collection: `/api/v1/namespaces/${NS}/events`,
      object: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: meta(name),
        involvedObject: { kind: 'ConfigMap', name: 'x', namespace: NS },
        reason: 'Test',
        message: 'm',
      },
    },
    {
      collection: `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases`,
      object: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: meta(name),
        spec: { holderIdentity: 'h', leaseDurationSeconds: 10 },
      },
    },
    { collection: '/apis/rbac.authorization.k8s.io/v1/clusterroles', object: role('ClusterRole') },
    {
      collection: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: meta(name),
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }] },
      },
    },
    { collection: `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, object: role('Role') },
    {
      collection: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      object: binding('ClusterRoleBinding', 'ClusterRole'),
    },
    {
      collection: `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`,
      object: binding('RoleBinding', 'ClusterRole'),
    },
    {
      collection: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      object: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: 'get', resource: 'configmaps', namespace: NS } },
      },
    },
    {
      collection: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      object: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: { user: 'alice', groups: ['g'], resourceAttributes: { verb: 'get', resource: 'configmaps' } },
      },
    },
    {
      collection: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      object: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectRulesReview',
        spec: { namespace: NS },
      },
    },
    {
      collection: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      object: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `${name}s.bad.example.dev` },
        spec: {
          group: 'bad.example.dev',
          scope: 'Namespaced',
          names: { plural: `${name}s`, singular: name, kind: 'Widget', listKind: 'WidgetList' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      properties: {
                        size: { type: 'integer', minimum: 0 },
                        name: { type: 'string', maxLength: 20 },
                      },
                      'x-kubernetes-validations': [{ rule: 'self.size < 100', message: 'too big' }],
                    },
                  },
                },
              },
            },
          ],
        },
      },
    },
    {
      collection: '/apis/tenancy.kcp.io/v1alpha1/workspaces',
      object: {
        apiVersion: 'tenancy.kcp.io/v1alpha1',
        kind: 'Workspace',
        metadata: { name },
        spec: { type: { name: 'universal', path: 'root' } },
      },
    },
    {
      collection: '/apis/apis.kcp.io/v1alpha2/apibindings',
      object: {
        apiVersion: 'apis.kcp.io/v1alpha2',
        kind: 'APIBinding',
        metadata: { name },
        spec: { reference: { export: { path: 'root', name: 'tenancy.kcp.io' } } },
      },
    },
    {
      collection: '/apis/apis.kcp.io/v1alpha2/apiexports',
      object: {
        apiVersion: 'apis.kcp.io/v1alpha2',
        kind: 'APIExport',
        metadata: { name },
        spec: {
          resources: [
            {
              group: 'g.example.dev',
              name: 'things',
              schema: 'v1.things.g.example.dev',
              storage: { crd: {} },
            },
          ],
        },
      },
    },
  ];
}
