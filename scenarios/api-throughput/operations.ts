// The three measured operations as plain request descriptions. Every request names its
// workspace in the path (/clusters/<path>/...), so spreading load over K workspaces is a
// matter of picking the path round-robin.

export type Operation = 'get' | 'list' | 'create';

/** Measured in this order: LIST before CREATE so the listed collection keeps its seeded size. */
export const OPERATIONS: readonly Operation[] = ['get', 'list', 'create'];

export const BENCH_NAMESPACE = 'default';
/** The object GET reads in every workspace. */
export const GET_TARGET = 'kh-bench-get';
/** ConfigMaps seeded per workspace so LIST returns a collection, not an empty list. */
export const LIST_SEED_COUNT = 10;

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Absolute path on the server, e.g. /clusters/root:kh-bench-abcde:w-0/api/v1/... */
  path: string;
  /** JSON text, for CREATE. */
  body?: string;
}

/** The ConfigMaps of the bench namespace, relative to a workspace's base URL. */
export const CONFIGMAPS_PATH = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps`;

export function collectionPath(workspacePath: string): string {
  return `/clusters/${workspacePath}${CONFIGMAPS_PATH}`;
}

export function configMap(name: string, data: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

/**
 * Request `sequence` of an operation: GET and LIST address workspace sequence mod K; CREATE
 * also gets a name no other request uses (`tag` tells apart phases that share workspaces).
 */
export function requestFor(
  operation: Operation,
  workspacePaths: readonly string[],
  sequence: number,
  tag = 'c',
): RequestSpec {
  const workspace = workspacePaths[sequence % workspacePaths.length];
  if (workspace === undefined) throw new Error('no workspaces to send requests to');
  const collection = collectionPath(workspace);
  switch (operation) {
    case 'get':
      return { method: 'GET', path: `${collection}/${GET_TARGET}` };
    case 'list':
      return { method: 'GET', path: collection };
    case 'create':
      return {
        method: 'POST',
        path: collection,
        body: JSON.stringify(configMap(`kh-${tag}-${sequence}`, { sequence: String(sequence) })),
      };
  }
}
