// A CustomResourceDefinition becomes one ResourceType per served version, so custom resources go
// through the same registry, discovery, Table and watch code as built-ins. The strategy is kube's
// customresource strategy: defaulting and pruning by the version's structural schema, schema
// validation, status kept apart when the status subresource is on, metadata.generation bumped on
// changes outside metadata (and status), and the scale subresource's replica checks.
//
// Versions share one storage key space (the key has no version): with conversion None an object
// is stored as written, its apiVersion set to the storage version, and served in any served
// version by rewriting apiVersion.

import { createHash } from 'node:crypto';
import { ApiError, failure } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { ageColumn } from '../registry/columns.js';
import { type FieldError, invalidValue } from '../registry/field-errors.js';
import type { ResourceType, TableColumn } from '../registry/resource-type.js';
import type { CRDVersion, CustomResourceDefinition, PrinterColumn, ScaleSubresource } from './crd-object.js';
import { conditionOf, storageVersionOf } from './crd-object.js';
import { evaluateJSONPath } from './jsonpath.js';
import { applyDefaults, pruneObject, validateObject } from './schema-adapter.js';
import type { JSONSchemaProps } from './schema-types.js';

const verbs: ResourceType['verbs'] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** autoscaling/v1 Scale, what `<plural>/scale` reads and writes. */
export const scaleKind = {
  group: 'autoscaling',
  version: 'v1',
  kind: 'Scale',
  verbs: ['get', 'patch', 'update'],
};

function columnCell(c: PrinterColumn, value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  switch (c.type) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value))
        ? '<invalid>'
        : (ageColumn.cell({ metadata: { creationTimestamp: value } }) as string);
    default:
      return null;
  }
}

function printerColumns(v: CRDVersion): TableColumn[] {
  const defined = v.additionalPrinterColumns ?? [];
  if (defined.length === 0) return [ageColumn];
  return defined.map((c) => ({
    name: c.name ?? '',
    type: (c.type ?? 'string') as TableColumn['type'],
    ...(c.format ? { format: c.format } : {}),
    description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
    priority: c.priority ?? 0,
    cell: (o: KubeObject) => columnCell(c, evaluateJSONPath(o, c.jsonPath ?? '')),
  }));
}

/** Field selector values as kube renders them (strings, integers and booleans as text). */
function selectableFields(v: CRDVersion): Record<string, (obj: KubeObject) => string> {
  const out: Record<string, (obj: KubeObject) => string> = {};
  for (const f of v.selectableFields ?? []) {
    if (!f.jsonPath) continue;
    const path = f.jsonPath;
    out[path.slice(1)] = (obj) => {
      const value = evaluateJSONPath(obj, path);
      return value === undefined || value === null ? '' : String(value);
    };
  }
  return out;
}

function changedOutside(obj: KubeObject, old: KubeObject, ignored: string[]): boolean {
  const strip = (o: KubeObject) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(o)
          .filter(([k]) => !ignored.includes(k))
          .sort(),
      ),
    );
  return strip(obj) !== strip(old);
}

/** Scale subresource rules on the main object (customresource validator: ValidateScale-like). */
function scaleErrors(v: CRDVersion, obj: KubeObject): FieldError[] {
  const scale = v.subresources?.scale;
  if (!scale) return [];
  const out: FieldError[] = [];
  const spec = evaluateJSONPath(obj, scale.specReplicasPath ?? '');
  if (spec !== undefined && spec !== null) {
    if (typeof spec !== 'number' || !Number.isInteger(spec))
      out.push(invalidValue(scale.specReplicasPath!, spec, 'should be an integer'));
    else if (spec < 0)
      out.push(invalidValue(scale.specReplicasPath!, spec, 'should be a non-negative integer'));
  }
  const status = evaluateJSONPath(obj, scale.statusReplicasPath ?? '');
  if (status !== undefined && status !== null) {
    if (typeof status !== 'number' || !Number.isInteger(status))
      out.push(invalidValue(scale.statusReplicasPath!, status, 'should be an integer'));
    else if (status < 0)
      out.push(invalidValue(scale.statusReplicasPath!, status, 'should be a non-negative integer'));
  }
  if (scale.labelSelectorPath) {
    const selector = evaluateJSONPath(obj, scale.labelSelectorPath);
    if (selector !== undefined && selector !== null && typeof selector !== 'string')
      out.push(invalidValue(scale.labelSelectorPath, selector, 'should be a string'));
  }
  return out;
}

/**
 * kcp's discovery hash of a CRD's resources: its cluster, then (by an upstream quirk kcp keeps)
 * "<group>/<storage version>" where the group goes, then the storage version and the kind.
 */
function crdStorageVersionHash(cluster: string, group: string, storageVersion: string, kind: string): string {
  const gv = group === '' ? storageVersion : `${group}/${storageVersion}`;
  return createHash('sha256')
    .update(`${cluster}/${gv}/${storageVersion}/${kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

function versionType(crd: CustomResourceDefinition, v: CRDVersion, cluster: string): ResourceType {
  const spec = crd.spec!;
  const names = crd.status?.acceptedNames ?? spec.names ?? {};
  const schema: JSONSchemaProps = v.schema?.openAPIV3Schema ?? {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  };
  const storageVersion = storageVersionOf(crd);
  const storageApiVersion = `${spec.group}/${storageVersion}`;
  const hasStatus = v.subresources?.status !== undefined && v.subresources.status !== null;
  const validate = (obj: KubeObject, old?: KubeObject): FieldError[] => [
    ...validateObject(schema, obj, old),
    ...scaleErrors(v, obj),
  ];
  const normalize = (obj: KubeObject) => {
    pruneObject(schema, obj);
    applyDefaults(schema, obj);
    // Objects are stored in the storage version; reads rewrite apiVersion to the one asked for.
    obj.apiVersion = storageApiVersion;
  };
  const subresources = hasStatus ? ['status'] : [];
  const terminating = conditionOf(crd, 'Terminating')?.status === 'True';
  const type: ResourceType = {
    group: spec.group ?? '',
    version: v.name ?? '',
    storageVersion: v.name === storageVersion,
    names: {
      plural: names.plural ?? '',
      singular: names.singular ?? '',
      kind: names.kind ?? '',
      listKind: names.listKind ?? '',
      ...(names.shortNames?.length ? { shortNames: [...names.shortNames] } : {}),
      ...(names.categories?.length ? { categories: [...names.categories] } : {}),
    },
    namespaced: spec.scope === 'Namespaced',
    verbs,
    subresources,
    ...(v.subresources?.scale ? { kindedSubresources: { scale: scaleKind } } : {}),
    nameValidation: 'DNS1123Subdomain',
    ...(terminating ? { terminating: true } : {}),
    storageVersionHash: crdStorageVersionHash(
      cluster,
      spec.group ?? '',
      storageVersion ?? '',
      spec.names?.kind ?? '',
    ),
    // Types are the schema's business: decoding takes any JSON object.
    fields: {},
    columns: printerColumns(v),
    selectableFields: selectableFields(v),
    // The crdHandler registers a field label conversion: unknown fields get its wording.
    fieldLabelConversion: true,
    schema,
    strategy: {
      prepareForCreate(obj) {
        // crdHandler: while its instances are being deleted, a CRD takes no new ones.
        if (terminating)
          throw new ApiError(
            failure(
              405,
              'MethodNotAllowed',
              'create not allowed while custom resource definition is terminating',
              {
                group: spec.group ?? '',
                kind: names.plural ?? '',
              },
            ),
          );
        if (hasStatus) delete obj.status;
        normalize(obj);
        obj.metadata!.generation = 1;
      },
      prepareForUpdate(obj, old) {
        if (hasStatus) {
          if (old.status === undefined) delete obj.status;
          else obj.status = structuredClone(old.status);
        }
        normalize(obj);
        const oldGeneration = old.metadata?.generation ?? 1;
        const ignored = hasStatus
          ? ['metadata', 'status', 'apiVersion', 'kind']
          : ['metadata', 'apiVersion', 'kind'];
        obj.metadata!.generation = changedOutside(obj, old, ignored) ? oldGeneration + 1 : oldGeneration;
      },
      validateCreate: (obj) => validate(obj),
      validateUpdate: (obj, old) => {
        // Writes through /status skip prepareForUpdate (the generic status path copies the rest
        // from the stored object), yet kube prunes and defaults every decoded body: do it here.
        pruneObject(schema, obj);
        applyDefaults(schema, obj);
        return validate(obj, old);
      },
    },
  };
  if (v.subresources?.scale) scalePaths.set(type, v.subresources.scale);
  return type;
}

/** The types a CRD of `cluster` serves: one per served version, empty when it serves nothing. */
export function crdResourceTypes(crd: CustomResourceDefinition, cluster = ''): ResourceType[] {
  if (!crd.spec?.group || !crd.status?.acceptedNames?.plural) return [];
  return (crd.spec.versions ?? []).filter((v) => v.served).map((v) => versionType(crd, v, cluster));
}

const scalePaths = new WeakMap<ResourceType, ScaleSubresource>();

/** The scale subresource's paths of a CRD-served type, for the `/scale` handler. */
export function scaleSubresourceOf(type: ResourceType): ScaleSubresource | undefined {
  return scalePaths.get(type);
}
