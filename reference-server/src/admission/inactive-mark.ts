// kcp pkg/admission/logicalcluster: a LogicalCluster may be marked inactive only while it is
// Ready. Initialization and termination need the cluster's content, which the mark would lock
// away, so a mark set earlier would stall them. Privileged identities are not checked, as in kcp.

import { forbidden } from '../api/status.js';
import { logicalClusterAdminGroup, systemMasters } from '../authn/user.js';
import { logicalClusters, type LogicalClusterStatus } from '../registry/builtins/logicalclusters.js';
import { isInactive } from '../tenancy/inactive-clusters.js';
import type { AdmissionPlugin } from './admission.js';

const unchecked = new Set([systemMasters, logicalClusterAdminGroup]);

export const inactiveMarkAdmission: AdmissionPlugin = async (r) => {
  if (r.scope.type !== logicalClusters || r.operation !== 'update' || !r.object || !r.old) return;
  if (r.user.groups.some((g) => unchecked.has(g))) return;
  if (isInactive(r.old.metadata?.annotations) || !isInactive(r.object.metadata?.annotations)) return;
  const phase = (r.object.status as LogicalClusterStatus | undefined)?.phase ?? '';
  if (phase === 'Ready') return;
  throw forbidden(
    `logicalclusters.core.kcp.io "${r.name}" is forbidden: LogicalCluster can only be marked inactive in phase "Ready", but is in phase "${phase}"`,
    { name: r.name, group: 'core.kcp.io', kind: 'logicalclusters' },
  );
};
