// RBAC objects (rbac.authorization.k8s.io/v1), kcp's bootstrap roles, and the waiting the tests
// share. kcp's authorizers read RBAC from informers, so a new binding takes a moment to count:
// a grant is awaited by polling until the granted request succeeds, a revocation until it fails;
// a denial of something never granted needs no waiting.
import { expect } from 'chai';
import type { TestContext } from '../framework/conformance-test.js';
import type { ApiResponse, ClusterClient } from '../framework/http/client.js';
import {
  describeResponse,
  expectFailureStatus,
  expectStatusCode,
  type KubeObject,
} from '../framework/kube.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC = `/apis/${RBAC_GROUP}/v1`;
export const CLUSTER_ROLES_PATH = `${RBAC}/clusterroles`;
export const CLUSTER_ROLE_BINDINGS_PATH = `${RBAC}/clusterrolebindings`;
export const rolesPath = (namespace: string): string => `${RBAC}/namespaces/${namespace}/roles`;
export const roleBindingsPath = (namespace: string): string => `${RBAC}/namespaces/${namespace}/rolebindings`;

/** kubernetes: plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go */
export const CLUSTER_ADMIN = 'cluster-admin';
/** kcp: pkg/authorization/bootstrap/policy.go; the rule is `access` on `/`. */
export const WORKSPACE_ACCESS = 'system:kcp:workspace:access';
/** kcp: pkg/authorization/bootstrap/policy.go; the rule is `get` on `/metrics`. */
export const METRICS_READER = 'system:kcp:metrics-reader';
/** The binding kcp makes in a new workspace for its creator (pkg/reconciler/tenancy/logicalcluster). */
export const WORKSPACE_ADMIN_BINDING = 'workspace-admin';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  apiGroup?: string;
  namespace?: string;
}

export interface Binding extends KubeObject {
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
  subjects?: Subject[];
}

/** What kcp's workspace content authorizer asks of a user before any RBAC applies in a workspace. */
export const ACCESS_RULE: PolicyRule = { verbs: ['access'], nonResourceURLs: ['/'] };

export const userSubject = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC_GROUP, name });
export const groupSubject = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC_GROUP, name });
export const serviceAccountSubject = (namespace: string, name: string): Subject => ({
  kind: 'ServiceAccount',
  name,
  namespace,
});

export async function createClusterRole(
  client: ClusterClient,
  name: string,
  rules: PolicyRule[],
): Promise<void> {
  const body = { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata: { name }, rules };
  expectStatusCode(await client.post(CLUSTER_ROLES_PATH, body), 201);
}

/** A ClusterRoleBinding named `name` from `role` to subjects, in the workspace client addresses. */
export async function bindClusterRole(
  client: ClusterClient,
  name: string,
  role: string,
  subjects: Subject[],
): Promise<void> {
  const body = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects,
  };
  expectStatusCode(await client.post(CLUSTER_ROLE_BINDINGS_PATH, body), 201);
}

export async function createRole(
  client: ClusterClient,
  namespace: string,
  name: string,
  rules: PolicyRule[],
): Promise<void> {
  const body = { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', metadata: { name, namespace }, rules };
  expectStatusCode(await client.post(rolesPath(namespace), body), 201);
}

export async function bindRole(
  client: ClusterClient,
  namespace: string,
  name: string,
  role: string,
  subjects: Subject[],
): Promise<void> {
  const body = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: role },
    subjects,
  };
  expectStatusCode(await client.post(roleBindingsPath(namespace), body), 201);
}

/** Asserts a 403 Forbidden Status: kcp denies without saying more than RBAC would. */
export function expectForbidden(response: ApiResponse): void {
  expectFailureStatus(response, 403, 'Forbidden');
}

/** Polls until request answers `status` (a grant or revocation taking effect); returns that answer. */
export function eventuallyStatus(
  ctx: TestContext,
  request: () => Promise<ApiResponse>,
  status: number,
  description: string,
): Promise<ApiResponse> {
  return ctx.eventually(
    async () => {
      const response = await request();
      expect(response.status, describeResponse(response)).to.equal(status);
      return response;
    },
    { description },
  );
}

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
