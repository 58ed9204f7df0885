// The authenticated identity of a request (authentication/v1 UserInfo).

export interface UserInfo {
  name: string;
  uid: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const systemMasters = 'system:masters';
export const kcpAdminGroup = 'system:kcp:admin';
export const authenticatedGroup = 'system:authenticated';

/** Who a request without credentials is (k8s.io/apiserver anonymous authenticator). */
export const anonymousUser: UserInfo = {
  name: 'system:anonymous',
  uid: '',
  groups: ['system:unauthenticated'],
};
