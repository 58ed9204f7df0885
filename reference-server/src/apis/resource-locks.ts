// Ownership of each group-resource in a logical cluster, first come first served, kept where kcp
// keeps it: the LogicalCluster annotation internal.apis.kcp.io/resource-bindings, a JSON object
// from "<resource>.<group>" to {"n": <binding name>} or {"c": true} for a local CRD. A binding
// only serves the group-resources it holds; a CRD over one a binding holds is never Established.

export interface ResourceLock {
  /** The binding holding the group-resource. */
  n?: string;
  /** True when a local CRD holds it. */
  c?: boolean;
}

export type ResourceLocks = Record<string, ResourceLock>;

/** "<resource>.<group>" (just the resource for the core group), as Go's GroupResource.String(). */
export function groupResourceKey(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

export function parseLocks(annotation: string | undefined): ResourceLocks {
  if (!annotation) return {};
  try {
    const parsed = JSON.parse(annotation) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ResourceLocks) : {};
  } catch {
    return {};
  }
}

/** The annotation value: keys sorted, as Go's encoding/json writes a map. */
export function formatLocks(locks: ResourceLocks): string {
  const sorted: ResourceLocks = {};
  for (const key of Object.keys(locks).sort()) {
    const lock = locks[key]!;
    sorted[key] = { ...(lock.n ? { n: lock.n } : {}), ...(lock.c ? { c: true } : {}) };
  }
  return JSON.stringify(sorted);
}

export interface LockResult {
  locks: ResourceLocks;
  /** Group-resources held by someone else, with the holder. */
  skipped: Map<string, ResourceLock>;
}

/**
 * Takes the group-resources `binding` needs that nobody else holds. Locks of bindings that no
 * longer exist are released first (kcp's logical cluster cleanup does the same).
 */
export function lockForBinding(
  current: ResourceLocks,
  binding: string,
  wanted: readonly string[],
  existingBindings: ReadonlySet<string>,
): LockResult {
  const locks: ResourceLocks = {};
  for (const [key, lock] of Object.entries(current))
    if (lock.c || (lock.n && existingBindings.has(lock.n))) locks[key] = lock;
  const skipped = new Map<string, ResourceLock>();
  for (const key of wanted) {
    const holder = locks[key];
    if (!holder || holder.n === binding) locks[key] = { n: binding };
    else skipped.set(key, holder);
  }
  return { locks, skipped };
}

/**
 * kcp's naming-conflict message lists the skipped locks as Go prints a map of them
 * (`map[<gr>:{<binding name> <crd>}]`, keys sorted).
 */
export function describeSkipped(skipped: ReadonlyMap<string, ResourceLock>): string {
  const entries = [...skipped.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, lock]) => `${key}:{${lock.n ?? ''} ${lock.c ? 'true' : 'false'}}`);
  return `map[${entries.join(' ')}]`;
}
