// Built-in types added next to namespaces and configmaps, for the catalog to register.

import type { ResourceType } from '../resource-type.js';
import { leases } from './leases.js';
import { clusterrolebindings, clusterroles, rolebindings, roles } from './rbac.js';
import { secrets } from './secrets.js';
import { serviceaccounts } from './serviceaccounts.js';

export { leases } from './leases.js';
export { clusterrolebindings, clusterroles, rolebindings, roles } from './rbac.js';
export { secrets } from './secrets.js';
export { serviceaccounts } from './serviceaccounts.js';

export const additionalBuiltinTypes: readonly ResourceType[] = [
  serviceaccounts,
  secrets,
  roles,
  clusterroles,
  rolebindings,
  clusterrolebindings,
  leases,
];
