// What an APIExport's virtual workspace serves: the export's resources (built from its
// APIResourceSchemas, stored under its identity, so a `*` request reads every bound consumer's
// objects and a single-cluster request one consumer's) and a read-only apis.kcp.io apibindings
// that shows only the bindings to this export (kcp pkg/virtual/apiexport/builder/build.go and
// schemas/apis.go). Types are built once per schema and identity and kept in a bounded cache:
// schemas are immutable, so an entry never goes stale.

import { crdResourceTypes } from '../../apiextensions/crd-types.js';
import type { KubeObject } from '../../api/types.js';
import { boundCRDFor } from '../../apis/bound-crd.js';
import { boundStorage } from '../../apis/bound-types.js';
import { boundCRDsCluster } from '../../apis/names.js';
import { apiExports, apiResourceSchemas, apisTypes } from '../../apis/system-types.js';
import type { APIBinding, APIExport, APIResourceSchema } from '../../apis/types.js';
import { decodeObject } from '../../registry/codec.js';
import type { ResourceType, Verb } from '../../registry/resource-type.js';
import { objectKey } from '../../storage/keys.js';
import { claimedResourceTypes, claimLabelKey, claimLabelValue } from '../../apis/permission-claims.js';
import type { Store } from '../../storage/store.js';
import { storageOf } from '../../registry/scope.js';

export interface ExportView {
  export: APIExport;
  exportCluster: string;
  exportName: string;
  types: readonly ResourceType[];
  /** The group-resources the export serves itself (not claimed, not apibindings). */
  exported: ReadonlySet<string>;
}

const readOnly: Verb[] = ['get', 'list', 'watch'];

/** True when `binding` binds the export `exportName` of logical cluster `exportCluster`. */
export function bindsExport(binding: APIBinding, exportCluster: string, exportName: string): boolean {
  const ref = binding.spec?.reference?.export;
  if (!ref || ref.name !== exportName) return false;
  const bound = binding.status?.apiExportClusterName;
  // Before the binding controller has resolved the path kcp falls back to the spec's path.
  return bound ? bound === exportCluster : ref.path === exportCluster;
}

/** apibindings (every served version), read-only, showing only the bindings to this export. */
function bindingsOf(exportCluster: string, exportName: string): ResourceType[] {
  const visible = (obj: KubeObject) => bindsExport(obj as APIBinding, exportCluster, exportName);
  return apisTypes
    .filter((t) => t.names.plural === 'apibindings')
    .map((t) => ({ ...t, verbs: readOnly, subresources: [], visible }));
}

/**
 * The resources the export claims (built-in ones, and other exports' by identity hash), every
 * served version, showing only the objects that carry this export's claim label (those of
 * consumers that accepted the claim, matching their selector).
 */
async function claimedTypes(
  store: Store,
  exp: APIExport,
  exportCluster: string,
  exportName: string,
): Promise<{ types: ResourceType[]; incomplete: boolean }> {
  const key = claimLabelKey(exportCluster, exportName);
  const types: ResourceType[] = [];
  let incomplete = false;
  for (const claim of exp.spec?.permissionClaims ?? []) {
    const value = claimLabelValue(claim);
    const visible = (obj: KubeObject) => obj.metadata?.labels?.[key] === value;
    const claimed = await claimedResourceTypes(store, claim);
    // Another export's resource is served once something binds it: until then, nothing to keep.
    if (claimed.length === 0) incomplete = true;
    for (const t of claimed) types.push({ ...t, visible });
  }
  return { types, incomplete };
}

export function createExportViews(store: Store, options: { maxSchemas: number }) {
  // `<schema uid>/<identity>` → the schema's served versions; least recently used dropped.
  const schemaTypes = new Map<string, ResourceType[]>();
  // `<export cluster>/<export name>@<resourceVersion>` → its view; least recently used dropped.
  const views = new Map<string, ExportView>();

  function typesOfSchema(schema: APIResourceSchema, cluster: string, identityHash: string): ResourceType[] {
    const key = `${schema.metadata?.uid ?? ''}/${identityHash}`;
    const hit = schemaTypes.get(key);
    if (hit) {
      schemaTypes.delete(key);
      schemaTypes.set(key, hit);
      return hit;
    }
    const crd = boundCRDFor(schema, cluster);
    const bound = { group: schema.spec.group, resource: schema.spec.names.plural ?? '' };
    const types = crd
      ? crdResourceTypes({ ...crd, status: { acceptedNames: crd.spec?.names ?? {} } }, boundCRDsCluster).map(
          (t) => ({ ...t, storage: boundStorage({ ...bound, schema: { name: '', UID: '', identityHash } }) }),
        )
      : [];
    schemaTypes.set(key, types);
    if (schemaTypes.size > options.maxSchemas) schemaTypes.delete(schemaTypes.keys().next().value!);
    return types;
  }

  async function read<T extends KubeObject>(type: ResourceType, cluster: string, name: string) {
    const kv = await store.get(objectKey(storageOf(type), cluster, undefined, name));
    return kv ? (decodeObject(kv, type, cluster) as T) : undefined;
  }

  /** The view of export `exportName` in logical cluster `exportCluster`; undefined if there is none. */
  async function viewOf(exportCluster: string, exportName: string): Promise<ExportView | undefined> {
    const exp = await read<APIExport>(apiExports, exportCluster, exportName);
    if (!exp) return undefined;
    // One view per version of the export (its schemas are immutable): the same type objects for
    // every request, so what is derived from them (OpenAPI, validators) is built once.
    const cacheKey = `${exportCluster}/${exportName}@${exp.metadata?.resourceVersion ?? ''}`;
    const cached = views.get(cacheKey);
    if (cached) {
      views.delete(cacheKey);
      views.set(cacheKey, cached);
      return cached;
    }
    const identityHash = exp.status?.identityHash ?? '';
    const types: ResourceType[] = [];
    const exported = new Set<string>();
    // Without an identity nothing can be stored yet: kcp serves the export's APIs once it has one.
    if (identityHash) {
      for (const r of exp.spec?.resources ?? []) {
        const schema = await read<APIResourceSchema>(apiResourceSchemas, exportCluster, r.schema);
        if (!schema || schema.spec.group !== r.group || schema.spec.names.plural !== r.name) continue;
        types.push(...typesOfSchema(schema, exportCluster, identityHash));
        exported.add(`${r.group}/${r.name}`);
      }
    }
    const claimed = await claimedTypes(store, exp, exportCluster, exportName);
    types.push(...claimed.types);
    types.push(...bindingsOf(exportCluster, exportName));
    const view = { export: exp, exportCluster, exportName, types, exported };
    // An export without an identity yet gets one soon, a claimed resource nobody binds yet may be
    // bound any moment: such views are not kept.
    if (identityHash && !claimed.incomplete) views.set(cacheKey, view);
    if (views.size > options.maxSchemas) views.delete(views.keys().next().value!);
    return view;
  }

  /** The view of an export that does not exist: nothing served. */
  function missing(exportCluster: string, exportName: string): ExportView {
    return {
      export: { metadata: { name: exportName } },
      exportCluster,
      exportName,
      types: [],
      exported: new Set(),
    };
  }

  return { viewOf, missing };
}

export type ExportViews = ReturnType<typeof createExportViews>;
