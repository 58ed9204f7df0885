// kcp pkg/admission/logicalcluster, for everyone but the privileged groups (system:masters and
// kcp's logical-cluster admins and workspace bootstrapper, who run the lifecycle): a
// LogicalCluster is not created or deleted by hand (unless spec.directlyDeletable), and an update
// keeps spec.createdBy and spec.initializers, lets status.initializers only shrink while
// Initializing, never moves the phase backwards ("" < Scheduling < Initializing < Ready; any
// other phase counts as before all of them, so a workspace admin cannot set one), and marks the
// cluster inactive only while it is Ready (initialization and termination need the content the
// mark would lock away).

import { forbidden } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import {
  externalLogicalClusterAdminGroup,
  logicalClusterAdminGroup,
  systemMasters,
  workspaceBootstrapperGroup,
} from '../authn/user.js';
import { logicalClusters, type LogicalClusterStatus } from '../registry/builtins/logicalclusters.js';
import { isInactive } from '../tenancy/inactive-clusters.js';
import type { AdmissionPlugin, AdmissionRequest } from './admission.js';

const privileged = new Set([
  systemMasters,
  logicalClusterAdminGroup,
  externalLogicalClusterAdminGroup,
  workspaceBootstrapperGroup,
]);

const phaseOrdinal: Record<string, number> = { '': 1, Scheduling: 2, Initializing: 3, Ready: 4 };

interface Shape {
  spec?: { createdBy?: unknown; initializers?: unknown; directlyDeletable?: unknown };
  status?: LogicalClusterStatus & { initializers?: unknown };
}

const refuse = (r: AdmissionRequest, why: string) =>
  forbidden(`logicalclusters.core.kcp.io "${r.name}" is forbidden: ${why}`, {
    name: r.name,
    group: 'core.kcp.io',
    kind: 'logicalclusters',
  });

const setOf = (v: unknown) => new Set(Array.isArray(v) ? v.map(String) : []);
const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

function checkUpdate(r: AdmissionRequest, object: KubeObject, old: KubeObject): void {
  const now = object as Shape;
  const before = old as Shape;
  if (JSON.stringify(now.spec?.createdBy ?? null) !== JSON.stringify(before.spec?.createdBy ?? null))
    throw refuse(
      r,
      `spec.createdBy: Invalid value: ${JSON.stringify(now.spec?.createdBy ?? null)}: field is immutable`,
    );
  const oldSpec = setOf(before.spec?.initializers);
  const newSpec = setOf(now.spec?.initializers);
  const oldStatus = setOf(before.status?.initializers);
  const newStatus = setOf(now.status?.initializers);
  const oldPhase = String(before.status?.phase ?? '');
  const phase = String(now.status?.phase ?? '');
  if (!sameSet(oldSpec, newSpec)) throw refuse(r, 'spec.initializers is immutable');
  const toInitializing = oldPhase !== 'Initializing' && phase === 'Initializing';
  if (toInitializing && !sameSet(newSpec, newStatus))
    throw refuse(r, 'status.initializers do not equal spec.initializers');
  if (!toInitializing && phase === 'Initializing' && ![...newStatus].every((i) => oldStatus.has(i)))
    throw refuse(r, 'status.initializers must not grow');
  if (phase !== 'Initializing' && !sameSet(oldStatus, newStatus))
    throw refuse(r, 'status.initializers is immutable after initialization');
  if (oldPhase === 'Initializing' && phase !== 'Initializing' && newStatus.size > 0)
    throw refuse(r, 'status.initializers is not empty');
  if ((phaseOrdinal[oldPhase] ?? 0) > (phaseOrdinal[phase] ?? 0))
    throw refuse(r, `cannot transition from ${JSON.stringify(oldPhase)} to ${JSON.stringify(phase)}`);
  if (phase !== 'Ready' && !isInactive(old.metadata?.annotations) && isInactive(object.metadata?.annotations))
    throw refuse(
      r,
      `LogicalCluster can only be marked inactive in phase "Ready", but is in phase "${phase}"`,
    );
}

export const logicalClusterAdmission: AdmissionPlugin = async (r) => {
  if (r.scope.type !== logicalClusters) return;
  if (r.user.groups.some((g) => privileged.has(g))) return;
  if (r.operation === 'create') throw refuse(r, 'LogicalCluster cannot be created');
  if (r.operation === 'delete') {
    if ((r.old as Shape | undefined)?.spec?.directlyDeletable !== true)
      throw refuse(r, 'LogicalCluster cannot be deleted');
    return;
  }
  if (r.object && r.old) checkUpdate(r, r.object, r.old);
};
