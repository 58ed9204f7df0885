// The measured operations as plain request descriptions, one per API verb on ConfigMaps. Every
// request names its unit's ConfigMaps collection by its full path from the server's root
// (/clusters/<workspace>/api/v1/namespaces/default/configmaps, or
// /api/v1/namespaces/<namespace>/configmaps), so spreading load over K units is a matter of
// picking the collection round-robin.

export type Operation = 'get' | 'list' | 'update' | 'patch' | 'apply' | 'create' | 'delete';

/**
 * Every operation, in the order they are measured: reads first, while the collection has its
 * seeded size; writes to seeded objects next; CREATE before DELETE, which removes exactly what
 * CREATE made.
 */
export const ALL_OPERATIONS: readonly Operation[] = [
  'get',
  'list',
  'update',
  'patch',
  'apply',
  'create',
  'delete',
];

/** Measured when --operations is not given (the set the committed baselines hold). */
export const DEFAULT_OPERATIONS: readonly Operation[] = ['get', 'list', 'create'];

/** Where a workspace unit's objects go (a namespace unit is its own namespace). */
export const BENCH_NAMESPACE = 'default';
/** The object GET reads in every unit. */
export const GET_TARGET = 'kh-bench-get';
/** ConfigMaps seeded per unit so LIST returns a collection, not an empty list. */
export const LIST_SEED_COUNT = 10;
/** The seeded ConfigMaps besides GET_TARGET; UPDATE and PATCH rewrite them in turn. */
export const WRITE_TARGET_COUNT = LIST_SEED_COUNT - 1;
/** Field manager of the server-side apply requests. */
export const APPLY_FIELD_MANAGER = 'kh-bench';

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path from the server's root, e.g. /clusters/root:kh-bench-abcde:w-0/api/v1/... */
  path: string;
  /** JSON text, for writes. */
  body?: string;
  /** Content-Type of the body when it is not application/json (patches). */
  contentType?: string;
}

export function configMap(name: string, data: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

export function seededName(index: number): string {
  return index === 0 ? GET_TARGET : `kh-bench-list-${index - 1}`;
}

/** The seeded object write `sequence` changes: consecutive requests to one unit rotate. */
function writeTarget(sequence: number, units: number): string {
  return seededName(1 + (Math.floor(sequence / units) % WRITE_TARGET_COUNT));
}

/** CREATE `sequence` makes this object; DELETE `sequence` removes the same one. */
function createdName(tag: string, sequence: number): string {
  return `kh-${tag}-${sequence}`;
}

/**
 * Request `sequence` of an operation. Every operation addresses unit sequence mod K, by its
 * ConfigMaps collection (`collections`: paths from the server's root, bench-units.ts serverPath).
 * CREATE names a fresh object (`tag` tells apart runs that share workspaces) and DELETE with the
 * same tag and sequence removes it again, so DELETE must not outnumber CREATE. UPDATE (PUT
 * without resourceVersion, i.e. unconditional) and PATCH (merge patch) rewrite the seeded
 * objects in turn; APPLY (server-side apply, forced) owns objects of its own.
 */
export function requestFor(
  operation: Operation,
  collections: readonly string[],
  sequence: number,
  tag = 'c',
): RequestSpec {
  const collection = collections[sequence % collections.length];
  if (collection === undefined) throw new Error('no units to send requests to');
  const data = { sequence: String(sequence) };
  switch (operation) {
    case 'get':
      return { method: 'GET', path: `${collection}/${GET_TARGET}` };
    case 'list':
      return { method: 'GET', path: collection };
    case 'create':
      return {
        method: 'POST',
        path: collection,
        body: JSON.stringify(configMap(createdName(tag, sequence), data)),
      };
    case 'delete':
      return { method: 'DELETE', path: `${collection}/${createdName(tag, sequence)}` };
    case 'update': {
      const name = writeTarget(sequence, collections.length);
      return {
        method: 'PUT',
        path: `${collection}/${name}`,
        body: JSON.stringify(configMap(name, data)),
      };
    }
    case 'patch':
      return {
        method: 'PATCH',
        path: `${collection}/${writeTarget(sequence, collections.length)}`,
        body: JSON.stringify({ data }),
        contentType: 'application/merge-patch+json',
      };
    case 'apply': {
      const name = `kh-bench-apply-${Math.floor(sequence / collections.length) % WRITE_TARGET_COUNT}`;
      return {
        method: 'PATCH',
        path: `${collection}/${name}?fieldManager=${APPLY_FIELD_MANAGER}&force=true`,
        // JSON is YAML: apply-patch+yaml bodies may be written as JSON.
        body: JSON.stringify(configMap(name, data)),
        contentType: 'application/apply-patch+yaml',
      };
    }
  }
}

/** Parses `--operations a,b,c` into the measured order; unknown names and DELETE without CREATE are errors. */
export function parseOperations(text: string): Operation[] {
  const wanted = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (wanted.length === 0) throw new Error('--operations needs at least one operation');
  for (const name of wanted)
    if (!(ALL_OPERATIONS as readonly string[]).includes(name))
      throw new Error(`unknown operation "${name}" (known: ${ALL_OPERATIONS.join(', ')})`);
  if (wanted.includes('delete') && !wanted.includes('create'))
    throw new Error('--operations: delete removes what create made, so it needs create too');
  return ALL_OPERATIONS.filter((op) => wanted.includes(op));
}
