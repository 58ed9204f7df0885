// The authenticated identity of a request (authentication/v1 UserInfo), and the names kcp and
// Kubernetes give special meaning to.

export interface UserInfo {
  name: string;
  uid: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const systemMasters = 'system:masters';
export const kcpAdminGroup = 'system:kcp:admin';
export const authenticatedGroup = 'system:authenticated';
export const unauthenticatedGroup = 'system:unauthenticated';
export const anonymousUserName = 'system:anonymous';
/** kcp pkg/authorization/bootstrap: internal controllers that skip the workspace content gate. */
export const logicalClusterAdminGroup = 'system:kcp:logical-cluster-admin';
export const externalLogicalClusterAdminGroup = 'system:kcp:external-logical-cluster-admin';
export const workspaceBootstrapperGroup = 'system:kcp:tenancy:workspace-bootstrapper';

/**
 * Groups the lifecycle virtual workspaces give a hook's controller when its WorkspaceType grants
 * it permissions (`<prefix><initializer or terminator>`); kcp's front-proxy drops them from every
 * incoming identity, and so does this server, which is its own front door.
 */
export const lifecycleGroupPrefixes = ['system:kcp:initializer:', 'system:kcp:terminator:'] as const;
export const isLifecycleGroup = (g: string) => lifecycleGroupPrefixes.some((p) => g.startsWith(p));

/** Service accounts: `system:serviceaccount:<namespace>:<name>` in these groups. */
export const serviceAccountUserPrefix = 'system:serviceaccount:';
export const serviceAccountsGroup = 'system:serviceaccounts';

/**
 * User extra keys (kcp-dev/kubernetes pkg/registry/rbac/validation/kcp.go). A service account
 * carries its home logical cluster in `clusterNameExtraKey`; scopes (`cluster:<name>`, comma
 * separated, every value must contain the cluster) limit where the identity counts as itself.
 */
export const clusterNameExtraKey = 'authentication.kcp.io/cluster-name';
export const scopesExtraKey = 'authentication.kcp.io/scopes';
export const warrantExtraKey = 'authorization.kcp.io/warrant';

/** Who a request without credentials is (k8s.io/apiserver anonymous authenticator). */
export const anonymousUser: UserInfo = {
  name: anonymousUserName,
  uid: '',
  groups: [unauthenticatedGroup],
};

export function isServiceAccount(user: Pick<UserInfo, 'name'>): boolean {
  return user.name.startsWith(serviceAccountUserPrefix);
}

/** The user name of a service account. */
export function serviceAccountUserName(namespace: string, name: string): string {
  return `${serviceAccountUserPrefix}${namespace}:${name}`;
}

/** The groups of a service account (k8s.io/apiserver serviceaccount.MakeGroupNames). */
export function serviceAccountGroups(namespace: string): string[] {
  return [serviceAccountsGroup, `${serviceAccountsGroup}:${namespace}`];
}

/** Which credential a request used: `JTI=<jti>` for bound tokens, `X509SHA256=<hex>` for certificates. */
export const credentialIdExtraKey = 'authentication.kubernetes.io/credential-id';
export const nodesGroup = 'system:nodes';

/**
 * Adds system:authenticated, as kube's AuthenticatedGroupAdder does for every authenticated
 * request: not for system:anonymous, nor for a user that already names either pseudo-group.
 */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.some(isLifecycleGroup))
    user = { ...user, groups: user.groups.filter((g) => !isLifecycleGroup(g)) };
  if (user.name === anonymousUserName) return user;
  if (user.groups.some((g) => g === authenticatedGroup || g === unauthenticatedGroup)) return user;
  return { ...user, groups: [...user.groups, authenticatedGroup] };
}
