// The metadata kcp's LogicalCluster controller keeps in step with a cluster's lifecycle
// (pkg/reconciler/core/logicalcluster: the metadata and terminator reconcilers): its phase as a
// label, one hashed label per initializer and terminator still in status (which the lifecycle
// virtual workspaces select by), and the finalizer that holds a deleted cluster until every
// terminator has let go. The hash in the label makes the pair hard to forge by hand: the key
// carries as much of it as fits in 63 characters, the value all of it.

import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/types.js';
import type { LogicalClusterStatus } from '../registry/builtins/logicalclusters.js';

export const phaseLabel = 'tenancy.kcp.io/phase';
export const initializerLabelPrefix = 'initializer.internal.kcp.io/';
export const terminatorLabelPrefix = 'terminator.internal.kcp.io/';
export const hasTerminatorsFinalizer = 'kcp.io/has-terminators';

const labelValueMaxLength = 63;

function hashedLabel(prefix: string, name: string): [key: string, value: string] {
  const hash = createHash('sha224').update(name).digest('hex');
  return [prefix + hash.slice(0, labelValueMaxLength - prefix.length), hash];
}

export const initializerLabel = (initializer: string) => hashedLabel(initializerLabelPrefix, initializer);
export const terminatorLabel = (terminator: string) => hashedLabel(terminatorLabelPrefix, terminator);

/**
 * Brings a LogicalCluster's labels and terminator finalizer in line with its status, in place.
 * Returns whether anything changed. A cluster being deleted gets no new finalizer (the API
 * refuses that), only loses one.
 */
export function syncLifecycleMetadata(lc: KubeObject): boolean {
  const meta = (lc.metadata ??= {});
  const status = (lc.status ?? {}) as LogicalClusterStatus;
  const wanted: Record<string, string> = {};
  if (status.phase) wanted[phaseLabel] = status.phase;
  for (const i of status.initializers ?? []) {
    const [k, v] = initializerLabel(i);
    wanted[k] = v;
  }
  for (const t of status.terminators ?? []) {
    const [k, v] = terminatorLabel(t);
    wanted[k] = v;
  }
  const labels = { ...(meta.labels ?? {}) };
  let changed = false;
  for (const key of Object.keys(labels))
    if (
      (key.startsWith(initializerLabelPrefix) || key.startsWith(terminatorLabelPrefix)) &&
      !(key in wanted)
    ) {
      delete labels[key];
      changed = true;
    }
  for (const [k, v] of Object.entries(wanted))
    if (labels[k] !== v) {
      labels[k] = v;
      changed = true;
    }
  if (changed) meta.labels = labels;

  const finalizers = meta.finalizers ?? [];
  const held = finalizers.includes(hasTerminatorsFinalizer);
  const hold = (status.terminators ?? []).length > 0;
  if (hold && !held && !meta.deletionTimestamp) {
    meta.finalizers = [...finalizers, hasTerminatorsFinalizer];
    changed = true;
  } else if (!hold && held) {
    meta.finalizers = finalizers.filter((f) => f !== hasTerminatorsFinalizer);
    changed = true;
  }
  return changed;
}
