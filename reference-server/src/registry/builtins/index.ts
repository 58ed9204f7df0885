// Built-in types added next to namespaces and configmaps, for the catalog to register.

import type { ResourceType } from '../resource-type.js';
import { admissionRegistrationTypes } from './admissionregistration.js';
import { certificateSigningRequests } from './certificates.js';
import { coreEvents, eventsV1Events } from './events.js';
import { leases } from './leases.js';
import { clusterrolebindings, clusterroles, rolebindings, roles } from './rbac.js';
import { resourcequotas } from './resourcequotas.js';
import { secrets } from './secrets.js';
import { serviceaccounts } from './serviceaccounts.js';

export { admissionRegistrationTypes } from './admissionregistration.js';
export { certificateSigningRequests } from './certificates.js';
export { coreEvents, eventsV1Events } from './events.js';
export { leases } from './leases.js';
export { clusterrolebindings, clusterroles, rolebindings, roles } from './rbac.js';
export { resourcequotas } from './resourcequotas.js';
export { secrets } from './secrets.js';
export { serviceaccounts } from './serviceaccounts.js';

export const additionalBuiltinTypes: readonly ResourceType[] = [
  serviceaccounts,
  secrets,
  coreEvents,
  resourcequotas,
  roles,
  clusterroles,
  rolebindings,
  clusterrolebindings,
  leases,
  eventsV1Events,
  certificateSigningRequests,
  ...admissionRegistrationTypes,
];
