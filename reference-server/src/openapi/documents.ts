// Builds the OpenAPI v3 documents of one logical cluster from the types it serves: one document
// per group version (paths of its types and the definitions they reach), one per group and the
// root documents (api, apis, version), as kube-openapi's v3 handler publishes them.

import type { ResourceType } from '../registry/resource-type.js';
import { builtinDefinitions, definitionsFor } from './definitions.js';
import {
  groupCamel,
  groupVersionPath,
  operation,
  pathsFor,
  responses,
  tagFor,
  type PathItems,
} from './paths.js';
import { componentsPrefix, metaV1, type Schema } from './schema-dsl.js';

export const info = { title: 'Kubernetes', version: '1.36' };

export interface OpenAPIv3Document {
  openapi: '3.0.0';
  info: typeof info;
  paths: PathItems;
  components: { schemas: Record<string, Schema> };
}

/** Documents by index key: 'api/v1', 'apis/<group>/<version>', 'apis/<group>', 'api', 'apis', 'version'. */
export function buildV3Documents(types: readonly ResourceType[]): Map<string, OpenAPIv3Document> {
  const docs = new Map<string, OpenAPIv3Document>();
  const byGroupVersion = new Map<string, ResourceType[]>();
  for (const t of types) {
    const key = groupVersionPath(t.group, t.version).slice(1);
    byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), t]);
  }
  const json = ['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml'];
  const root = (path: string, tag: string, operationId: string, description: string, definition: string) =>
    document(
      {
        [path]: {
          get: operation(tag, {
            action: '',
            description,
            operationId,
            responses: responses(definition, { 200: 'OK' }, json),
          }),
        },
      },
      {},
    );

  docs.set(
    'api',
    root('/api/', 'core', 'getCoreAPIVersions', 'get available API versions', `${metaV1}APIVersions`),
  );
  docs.set(
    'apis',
    root('/apis/', 'apis', 'getAPIVersions', 'get available API versions', `${metaV1}APIGroupList`),
  );
  docs.set('version', {
    ...root(
      '/version/',
      'version',
      'getCodeVersion',
      'get the version information for this server',
      'io.k8s.apimachinery.pkg.version.Info',
    ),
  });
  for (const [key, gvTypes] of [...byGroupVersion].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { group, version } = gvTypes[0]!;
    const paths: PathItems = {};
    const own: Record<string, Schema> = {};
    let builtin = false;
    for (const t of gvTypes) {
      const defs = definitionsFor(t);
      builtin ||= !defs.custom;
      Object.assign(own, defs.own);
      Object.assign(paths, pathsFor(t, defs));
    }
    // As in kube, a group version of custom resources only has no discovery operation.
    if (builtin)
      paths[`${groupVersionPath(group, version)}/`] = {
        get: operation(tagFor(group, version), {
          action: '',
          description: 'get available resources',
          operationId: `get${groupCamel(group)}${version.charAt(0).toUpperCase()}${version.slice(1)}APIResources`,
          responses: responses(`${metaV1}APIResourceList`, { 200: 'OK' }, json),
        }),
      };
    docs.set(key, document(paths, own));
    // Likewise the group document exists for built-in groups only.
    if (builtin && group !== '' && !docs.has(`apis/${group}`)) {
      const tag = tagFor(group, version).replace(/_.*$/, '');
      docs.set(
        `apis/${group}`,
        root(
          `/apis/${group}/`,
          tag,
          `get${groupCamel(group)}APIGroup`,
          'get information of a group',
          `${metaV1}APIGroup`,
        ),
      );
    }
  }
  return docs;
}

/** A document whose components are exactly the definitions its paths reach. */
function document(paths: PathItems, own: Record<string, Schema>): OpenAPIv3Document {
  const available = { ...builtinDefinitions, ...own };
  const schemas: Record<string, Schema> = {};
  const pending = collectRefs(paths);
  while (pending.length) {
    const name = pending.pop()!;
    if (name in schemas) continue;
    const schema = available[name];
    if (schema === undefined) continue;
    schemas[name] = schema;
    pending.push(...collectRefs(schema));
  }
  return {
    openapi: '3.0.0',
    info,
    paths: sorted(paths),
    components: { schemas: sorted(schemas) },
  };
}

function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) collectRefs(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(componentsPrefix))
        out.push(v.slice(componentsPrefix.length));
      else collectRefs(v, out);
    }
  }
  return out;
}

function sorted<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
