// metadata.managedFields: who owns which fields. Entries are identified as kube identifies them
// (manager name, operation, and for Update operations the apiVersion and subresource); every
// write is recorded as an Update by the writing manager, who takes the fields it added or
// changed from everyone and merges them into its own entry; fields the write removed leave every
// set. As kube-apiserver: an object whose managedFields were emptied (set to []) is not tracked
// again until the next apply, invalid managedFields in a request are replaced by the stored
// ones, and at most 10 Update entries are kept (older ones fold into `ancient-changes`).

import type { KubeObject } from '../../api/types.js';
import {
  type FieldSet,
  type FieldsV1,
  difference,
  emptySet,
  fieldElement,
  fromFieldsV1,
  intersection,
  isEmpty,
  recursiveDifference,
  toFieldsV1,
  insert,
  union,
} from './fieldset.js';
import type { TypeNode } from './type-info.js';
import { compare } from './typed-walk.js';

export interface ManagedFieldsEntry {
  manager?: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** By manager identifier (see managerId). */
export type Managed = Map<string, ManagerEntry>;

/** The identifier kube keys managers by: the entry without fields and time (and apiVersion for appliers). */
export function managerId(
  e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  const id: Record<string, string> = {};
  if (e.manager) id.manager = e.manager;
  id.operation = e.operation;
  if (e.operation === 'Update' && e.apiVersion) id.apiVersion = e.apiVersion;
  if (e.subresource) id.subresource = e.subresource;
  return JSON.stringify(id);
}

/** Reads managedFields; throws on anything kube would refuse to decode. */
export function decodeManaged(entries: unknown): Managed {
  const managed: Managed = new Map();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null) throw new Error(`invalid managed fields entry ${i}`);
    const e = raw as Partial<ManagedFieldsEntry>;
    if (e.operation !== 'Apply' && e.operation !== 'Update')
      throw new Error('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new Error('apiVersion must not be empty');
    if (e.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType in managed fields entry ${i}`);
    const entry: ManagerEntry = {
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation: e.operation,
      apiVersion: e.apiVersion,
      ...(e.subresource ? { subresource: e.subresource } : {}),
      ...(e.time ? { time: e.time } : {}),
      set: fromFieldsV1(e.fieldsV1 ?? {}),
    };
    managed.set(managerId(entry), entry);
  });
  return managed;
}

function seconds(time: string | undefined): number {
  return time ? Math.floor(Date.parse(time) / 1000) : 0;
}

/** Entries in kube's order: Apply before Update, then by time, manager, apiVersion, subresource. */
export function encodeManaged(managed: Managed): ManagedFieldsEntry[] {
  const entries = [...managed.values()].filter((e) => !isEmpty(e.set));
  entries.sort(
    (p, q) =>
      (p.operation < q.operation ? -1 : p.operation > q.operation ? 1 : 0) ||
      seconds(p.time) - seconds(q.time) ||
      (p.manager < q.manager ? -1 : p.manager > q.manager ? 1 : 0) ||
      (p.apiVersion < q.apiVersion ? -1 : p.apiVersion > q.apiVersion ? 1 : 0) ||
      ((p.subresource ?? '') < (q.subresource ?? '')
        ? -1
        : (p.subresource ?? '') > (q.subresource ?? '')
          ? 1
          : 0),
  );
  return entries.map((e) => ({
    ...(e.manager ? { manager: e.manager } : {}),
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time ? { time: e.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(e.set),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

/** Fields nobody is said to own: type and identity metadata and managedFields itself. */
const systemFields: FieldSet = (() => {
  const set = emptySet();
  for (const top of ['apiVersion', 'kind', 'metadata']) insert(set, [fieldElement(top)]);
  for (const m of [
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ])
    insert(set, [fieldElement('metadata'), fieldElement(m)]);
  return set;
})();

export function stripSystemFields(set: FieldSet): FieldSet {
  return difference(set, systemFields);
}

/** kube's default manager name: the User-Agent up to its first '/'. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const slash = ua.indexOf('/');
  return slash < 0 ? ua : ua.slice(0, slash);
}

export const maxUpdateManagers = 10;

/** Folds the oldest Update entries into `ancient-changes` (one per apiVersion) beyond the cap. */
export function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.entries()].filter(([, e]) => e.operation === 'Update');
  if (updaters.length <= maxUpdateManagers) return;
  updaters.sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || (ia < ib ? -1 : ia > ib ? 1 : 0));
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [id, entry] of updaters) {
    if (count <= maxUpdateManagers) break;
    const bucket = { manager: 'ancient-changes', operation: 'Update' as const, apiVersion: entry.apiVersion };
    const bucketId = managerId(bucket);
    const first = firstOfVersion.get(entry.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(entry.apiVersion, id);
      continue;
    }
    if (!managed.has(bucketId)) {
      const firstEntry = managed.get(first)!;
      managed.delete(first);
      managed.set(bucketId, {
        ...bucket,
        set: firstEntry.set,
        ...(firstEntry.time ? { time: firstEntry.time } : {}),
      });
    }
    const b = managed.get(bucketId)!;
    managed.set(bucketId, {
      ...b,
      set: union(entry.set, b.set),
      ...(entry.time ? { time: entry.time } : {}),
    });
    managed.delete(id);
    count--;
  }
}

export interface TrackContext {
  node: TypeNode;
  /** apiVersion of the request (group/version). */
  apiVersion: string;
  subresource?: string;
  /** Fields this endpoint resets (status on the main resource of a type with a status subresource). */
  ignored: FieldSet;
  now: string;
}

function withoutManagedFields(obj: KubeObject | undefined): KubeObject | undefined {
  if (!obj) return obj;
  const meta = { ...(obj.metadata ?? {}) };
  delete meta.managedFields;
  return { ...obj, metadata: meta };
}

/**
 * Records an Update by `manager` from `live` (undefined on create) to `next`, the object about to
 * be stored, and sets next's managedFields accordingly.
 */
export function trackUpdate(
  live: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  ctx: TrackContext,
): void {
  const requested = next.metadata?.managedFields as unknown;
  const liveManaged = () => {
    try {
      return decodeManaged(live?.metadata?.managedFields);
    } catch {
      return new Map() as Managed;
    }
  };
  let managed: Managed;
  if (ctx.subresource) managed = liveManaged();
  else if (Array.isArray(requested) && requested.length === 0) managed = new Map();
  else {
    try {
      managed = decodeManaged(requested);
    } catch {
      managed = new Map();
    }
    if (managed.size === 0) managed = liveManaged();
  }
  if (next.metadata) delete next.metadata.managedFields;
  // Objects whose managedFields were cleared stay untracked until they are applied to.
  if (managed.size === 0 && live) return;
  applyUpdate(managed, withoutManagedFields(live), next, manager, ctx);
  const entries = encodeManaged(managed);
  if (entries.length > 0) (next.metadata ??= {}).managedFields = entries;
}

/** The Update bookkeeping on decoded managers (shared with apply's before-first-apply step). */
export function applyUpdate(
  managed: Managed,
  live: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  ctx: TrackContext,
): void {
  const cmp = compare(live ?? {}, withoutManagedFields(next), ctx.node);
  const changed = recursiveDifference(union(cmp.modified, cmp.added), ctx.ignored);
  const removed = recursiveDifference(cmp.removed, ctx.ignored);
  // An update always wins: what it changed leaves other managers, as do removed fields.
  for (const [id, e] of [...managed.entries()]) {
    const rest = difference(difference(e.set, intersection(e.set, changed)), removed);
    if (isEmpty(rest)) managed.delete(id);
    else managed.set(id, { ...e, set: rest });
  }
  const own = stripSystemFields(changed);
  if (isEmpty(own)) return;
  const entry = {
    manager,
    operation: 'Update' as const,
    apiVersion: ctx.apiVersion,
    ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
  };
  const id = managerId(entry);
  const previous = managed.get(id);
  managed.set(id, { ...entry, set: previous ? union(own, previous.set) : own, time: ctx.now });
  capUpdateManagers(managed);
}
