// Server-side apply of one configuration by one manager (sigs.k8s.io/structured-merge-diff's
// Apply as kube-apiserver wraps it): the configuration is merged into the live object; fields the
// manager applied last time and no longer applies are removed unless another manager owns them;
// fields whose value the apply changes and that another manager owns are conflicts (409) unless
// forced, in which case they change hands. The applier then owns exactly what it applied.

import { ApiError, failure } from '../../api/status.js';
import type { KubeObject, StatusCause } from '../../api/types.js';
import {
  type FieldSet,
  difference,
  emptySet,
  intersection,
  isEmpty,
  members,
  pathString,
  recursiveDifference,
  union,
} from './fieldset.js';
import {
  applyUpdate,
  decodeManaged,
  encodeManaged,
  type Managed,
  managerId,
  stripSystemFields,
  type TrackContext,
} from './managers.js';
import { compare, deepEqual, fieldSetOf, merge, removeFields } from './typed-walk.js';

export interface ApplyRequest {
  /** The stored object; undefined when the apply creates it. */
  live: KubeObject | undefined;
  config: KubeObject;
  manager: string;
  force: boolean;
}

interface Conflict {
  managerId: string;
  path: string[];
}

/** How kube names a manager in conflict messages (from its identifier). */
function printManager(id: string): string {
  const e = JSON.parse(id) as {
    manager?: string;
    operation: string;
    apiVersion?: string;
    subresource?: string;
  };
  let s = JSON.stringify(e.manager ?? '');
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion ?? ''}`;
  return s;
}

/** The 409 kube answers with: one cause per conflicting field, managers in identifier order. */
export function conflictError(conflicts: Conflict[]): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.managerId)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${printManager(c.managerId)}: ${pathString(c.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts)
      byManager.set(c.managerId, [...(byManager.get(c.managerId) ?? []), pathString(c.path)]);
    const lines: string[] = [];
    for (const id of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${printManager(id)}:`);
      for (const p of byManager.get(id)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(failure(409, 'Conflict', message, { causes }));
}

function withoutManagedFields(obj: KubeObject): KubeObject {
  const meta = { ...(obj.metadata ?? {}) };
  delete meta.managedFields;
  return { ...obj, metadata: meta };
}

/**
 * Applies `config` for `manager`: returns the object to store (managedFields set) or throws the
 * conflict 409. An apply that changes nothing returns the live object unchanged.
 */
export function applyConfiguration(req: ApplyRequest, ctx: TrackContext): KubeObject {
  let managed: Managed;
  try {
    managed = decodeManaged(req.live?.metadata?.managedFields);
  } catch {
    managed = new Map();
  }
  const live = req.live ? withoutManagedFields(req.live) : undefined;
  // Fields of an object nobody has applied to yet belong to `before-first-apply`, so that an
  // applier that stops applying them does not remove them.
  if (live && managed.size === 0) applyUpdate(managed, undefined, live, 'before-first-apply', ctx);

  const entry = {
    manager: req.manager,
    operation: 'Apply' as const,
    apiVersion: ctx.apiVersion,
    ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
  };
  const id = managerId(entry);
  const applied = recursiveDifference(fieldSetOf(req.config, ctx.node), ctx.ignored);
  const lastSet: FieldSet = managed.get(id)?.set ?? emptySet();
  const liveTime = managed.get(id)?.time;
  managed.set(id, { ...entry, set: applied });

  const merged = merge(live ?? {}, withoutManagedFields(req.config), ctx.node) as KubeObject;
  let owned = emptySet();
  for (const e of managed.values()) owned = union(owned, e.set);
  const next = (isEmpty(lastSet) ? merged : removeFields(merged, lastSet, owned, ctx.node)) as KubeObject;

  const cmp = compare(live ?? {}, next, ctx.node);
  const changed = recursiveDifference(union(cmp.modified, cmp.added), ctx.ignored);
  const removed = recursiveDifference(cmp.removed, ctx.ignored);
  const conflicts: Conflict[] = [];
  for (const [otherId, e] of [...managed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (otherId === id) continue;
    for (const path of members(intersection(e.set, changed))) conflicts.push({ managerId: otherId, path });
  }
  if (conflicts.length > 0 && !req.force) throw conflictError(conflicts);
  for (const [otherId, e] of [...managed.entries()]) {
    if (otherId === id) continue;
    const rest = difference(difference(e.set, intersection(e.set, changed)), removed);
    if (isEmpty(rest)) managed.delete(otherId);
    else managed.set(otherId, { ...e, set: rest });
  }
  const own = stripSystemFields(applied);
  const unchanged = live !== undefined && deepEqual(live, next);
  // kube stamps the applier only when the object changed: a no-op apply keeps the old time, or
  // leaves a new co-owner's entry without one.
  const time = unchanged ? liveTime : ctx.now;
  if (isEmpty(own)) managed.delete(id);
  else managed.set(id, { ...entry, set: own, ...(time ? { time } : {}) });
  const entries = encodeManaged(managed);
  const out = structuredClone(next);
  const meta = (out.metadata ??= {});
  if (entries.length > 0) meta.managedFields = entries;
  else delete meta.managedFields;
  return out;
}
