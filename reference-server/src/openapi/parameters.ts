// Query and path parameters of the API operations, in OpenAPI v3 form. kubectl reads these:
// it sends fieldValidation=Strict to the server only when the PATCH operation of the kind
// lists a `fieldValidation` query parameter (cli-runtime query_param_verifier_v3.go).

import type { Schema } from './schema-dsl.js';

function query(name: string, type: 'string' | 'integer' | 'boolean', description: string): Schema {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

export function pathParam(name: string, description: string): Schema {
  return { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } };
}

export const namespaceParam = pathParam(
  'namespace',
  'object name and auth scope, such as for teams and projects',
);
export const pretty = query('pretty', 'string', "If 'true', the output is pretty printed.");

const dryRun = query('dryRun', 'string', 'When "All", the request is checked but nothing is persisted.');
const fieldManager = query(
  'fieldManager',
  'string',
  'The name of the actor making the change, for field ownership.',
);
const fieldValidation = query(
  'fieldValidation',
  'string',
  'How the server treats unknown or duplicate fields in the body: Ignore, Warn (the default) or Strict (reject).',
);
const force = query('force', 'boolean', 'Apply requests only: take over fields owned by other managers.');

const listOnly = {
  allowWatchBookmarks: query('allowWatchBookmarks', 'boolean', 'Watch only: ask for BOOKMARK events.'),
  continue: query('continue', 'string', 'The continue token of the previous page.'),
  fieldSelector: query('fieldSelector', 'string', 'Restricts the returned objects by their fields.'),
  labelSelector: query('labelSelector', 'string', 'Restricts the returned objects by their labels.'),
  limit: query('limit', 'integer', 'The maximum number of objects in one page.'),
  resourceVersion: query(
    'resourceVersion',
    'string',
    'Which resource version the list or watch starts from.',
  ),
  resourceVersionMatch: query(
    'resourceVersionMatch',
    'string',
    'How resourceVersion is applied: Exact or NotOlderThan.',
  ),
  sendInitialEvents: query(
    'sendInitialEvents',
    'boolean',
    'Watch only: start with synthetic ADDED events for the current state.',
  ),
  timeoutSeconds: query('timeoutSeconds', 'integer', 'Timeout of the list or watch call.'),
  watch: query('watch', 'boolean', 'Watch for changes instead of listing.'),
};

/** Parameters of list and watch operations. */
export const listParams: Schema[] = Object.values(listOnly);

export const writeParams: Schema[] = [dryRun, fieldManager, fieldValidation];
export const patchParams: Schema[] = [dryRun, fieldManager, fieldValidation, force];

export const deleteParams: Schema[] = [
  dryRun,
  query('gracePeriodSeconds', 'integer', 'Seconds before the object is deleted; zero deletes immediately.'),
  query(
    'ignoreStoreReadErrorWithClusterBreakingPotential',
    'boolean',
    'Deletes an object that cannot be read. Unsafe.',
  ),
  query('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy.'),
  query('propagationPolicy', 'string', 'Orphan, Background or Foreground.'),
];

export const deleteCollectionParams: Schema[] = [
  ...[
    ...deleteParams,
    ...listParams.filter((p) => !['allowWatchBookmarks', 'watch'].includes(p.name as string)),
  ].sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1)),
];
