// The operations of one served resource type, as OpenAPI v3 path items: which paths exist follows
// the type's verbs and subresources, and every operation names its action and kind
// (x-kubernetes-action, x-kubernetes-group-version-kind) the way kube-apiserver's installer does.

import type { ResourceType } from '../registry/resource-type.js';
import { builtinDefinitionName, type TypeDefinitions } from './definitions.js';
import {
  deleteCollectionParams,
  deleteParams,
  listParams,
  namespaceParam,
  patchParams,
  pathParam,
  pretty,
  writeParams,
} from './parameters.js';
import { componentsPrefix, metaV1, type GroupVersionKind, type Schema } from './schema-dsl.js';

export type PathItems = Record<string, Schema>;

/** "rbac.authorization.k8s.io" → "RbacAuthorization"; "" → "Core"; "tenancy.kcp.io" → "TenancyKcpIo". */
export function groupCamel(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export function tagFor(group: string, version: string): string {
  const g = groupCamel(group);
  return `${g.charAt(0).toLowerCase()}${g.slice(1)}_${version}`;
}

/** The path prefix of a group version: /api/v1 or /apis/<group>/<version>. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function content(name: string, types: string[]): Schema {
  return Object.fromEntries(types.map((t) => [t, { schema: { $ref: componentsPrefix + name } }]));
}

export function responses(name: string, codes: Record<string, string>, media: string[]): Schema {
  const out: Schema = {};
  for (const [code, description] of Object.entries(codes))
    out[code] = { description, content: content(name, media) };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

interface OpInput {
  action: string;
  description: string;
  operationId: string;
  parameters?: Schema[];
  requestBody?: Schema;
  responses: Schema;
  gvk?: GroupVersionKind;
}

export function operation(tag: string, o: OpInput): Schema {
  return {
    tags: [tag],
    description: o.description,
    operationId: o.operationId,
    ...(o.parameters?.length ? { parameters: o.parameters } : {}),
    ...(o.requestBody ? { requestBody: o.requestBody } : {}),
    responses: o.responses,
    ...(o.action ? { 'x-kubernetes-action': o.action } : {}),
    ...(o.gvk ? { 'x-kubernetes-group-version-kind': o.gvk } : {}),
  };
}

/** The path items of `t`, keyed by path. */
export function pathsFor(t: ResourceType, defs: TypeDefinitions): PathItems {
  const tag = tagFor(t.group, t.version);
  const base = groupVersionPath(t.group, t.version);
  const gvk = { group: t.group, version: t.version, kind: t.names.kind };
  const kind = t.names.kind;
  const idBase = `${groupCamel(t.group)}${capitalize(t.version)}`;
  const ns = t.namespaced ? 'Namespaced' : '';
  const nsPath = t.namespaced ? '/namespaces/{namespace}' : '';
  const nsParams = t.namespaced ? [namespaceParam] : [];
  const nameParam = pathParam('name', `name of the ${kind}`);
  const verbs = new Set(t.verbs);

  // CRD-served types speak JSON and YAML; built-ins protobuf too.
  const media = defs.custom
    ? ['application/json', 'application/yaml']
    : ['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml'];
  const streamMedia = [
    ...media,
    'application/json;stream=watch',
    ...(defs.custom ? [] : ['application/vnd.kubernetes.protobuf;stream=watch']),
  ].sort();
  const body = (name: string, required = true): Schema => ({
    content: { '*/*': { schema: { $ref: componentsPrefix + name } } },
    ...(required ? { required: true } : {}),
  });
  const patchTypes = [
    'application/apply-patch+yaml',
    'application/json-patch+json',
    'application/merge-patch+json',
    ...(defs.custom ? [] : ['application/strategic-merge-patch+json']),
  ];
  const patchBody: Schema = { content: content(`${metaV1}Patch`, patchTypes), required: true };
  const status = `${metaV1}Status`;
  const op = (o: Omit<OpInput, 'gvk'> & { gvk?: GroupVersionKind }) => operation(tag, { gvk, ...o });
  const paths: PathItems = {};

  // Collection: list, create, deletecollection.
  const collection: Schema = {};
  if (verbs.has('list'))
    collection.get = op({
      action: 'list',
      description: `list or watch objects of kind ${kind}`,
      operationId: `list${idBase}${ns}${kind}`,
      parameters: listParams,
      responses: responses(defs.listName, { 200: 'OK' }, streamMedia),
    });
  if (verbs.has('create'))
    collection.post = op({
      action: 'post',
      description: `create a ${kind}`,
      operationId: `create${idBase}${ns}${kind}`,
      parameters: writeParams,
      requestBody: body(defs.kindName),
      responses: responses(defs.kindName, { 200: 'OK', 201: 'Created', 202: 'Accepted' }, media),
    });
  if (verbs.has('deletecollection'))
    collection.delete = op({
      action: 'deletecollection',
      description: `delete collection of ${kind}`,
      operationId: `delete${idBase}Collection${ns}${kind}`,
      parameters: deleteCollectionParams,
      requestBody: body(`${metaV1}DeleteOptions`, false),
      responses: responses(status, { 200: 'OK' }, media),
    });
  if (Object.keys(collection).length)
    paths[`${base}${nsPath}/${t.names.plural}`] = { ...collection, parameters: [...nsParams, pretty] };

  // One object: read, replace, patch, delete.
  const item: Schema = {};
  if (verbs.has('get'))
    item.get = op({
      action: 'get',
      description: `read the specified ${kind}`,
      operationId: `read${idBase}${ns}${kind}`,
      responses: responses(defs.kindName, { 200: 'OK' }, media),
    });
  if (verbs.has('update'))
    item.put = op({
      action: 'put',
      description: `replace the specified ${kind}`,
      operationId: `replace${idBase}${ns}${kind}`,
      parameters: writeParams,
      requestBody: body(defs.kindName),
      responses: responses(defs.kindName, { 200: 'OK', 201: 'Created' }, media),
    });
  if (verbs.has('delete'))
    item.delete = op({
      action: 'delete',
      description: `delete a ${kind}`,
      operationId: `delete${idBase}${ns}${kind}`,
      parameters: deleteParams,
      requestBody: body(`${metaV1}DeleteOptions`, false),
      responses: responses(status, { 200: 'OK', 202: 'Accepted' }, media),
    });
  if (verbs.has('patch'))
    item.patch = op({
      action: 'patch',
      description: `partially update the specified ${kind}`,
      operationId: `patch${idBase}${ns}${kind}`,
      parameters: patchParams,
      requestBody: patchBody,
      responses: responses(defs.kindName, { 200: 'OK', 201: 'Created' }, media),
    });
  const itemPath = `${base}${nsPath}/${t.names.plural}/{name}`;
  const itemParams = [nameParam, ...nsParams, pretty];
  if (Object.keys(item).length) paths[itemPath] = { ...item, parameters: itemParams };

  // Subresources served on the same kind (status, approval) or as a plain update (finalize).
  for (const sub of t.subresources) {
    const suffix = capitalize(sub);
    const subName = defs.kindName;
    const subGvk = gvk;
    const s: Schema = {};
    if (sub !== 'finalize')
      s.get = op({
        action: 'get',
        description: `read ${sub} of the specified ${kind}`,
        operationId: `read${idBase}${ns}${kind}${suffix}`,
        responses: responses(subName, { 200: 'OK' }, media),
        gvk: subGvk,
      });
    s.put = op({
      action: 'put',
      description: `replace ${sub} of the specified ${kind}`,
      operationId: `replace${idBase}${ns}${kind}${suffix}`,
      parameters: writeParams,
      requestBody: body(subName),
      responses: responses(subName, { 200: 'OK', 201: 'Created' }, media),
      gvk: subGvk,
    });
    if (sub !== 'finalize')
      s.patch = op({
        action: 'patch',
        description: `partially update ${sub} of the specified ${kind}`,
        operationId: `patch${idBase}${ns}${kind}${suffix}`,
        parameters: patchParams,
        requestBody: patchBody,
        responses: responses(subName, { 200: 'OK', 201: 'Created' }, media),
        gvk: subGvk,
      });
    paths[`${itemPath}/${sub}`] = { ...s, parameters: itemParams };
  }

  // Subresources with a body of another kind (serviceaccounts/token → TokenRequest, a CRD's
  // scale → autoscaling/v1 Scale).
  for (const [sub, k] of Object.entries(t.kindedSubresources ?? {})) {
    const subGvk = { group: k.group, version: k.version, kind: k.kind };
    const name = builtinDefinitionName(subGvk);
    if (name === undefined) continue;
    const id = `${idBase}${ns}${kind}${capitalize(sub)}`;
    const s: Schema = {};
    if (k.verbs.includes('get'))
      s.get = op({
        action: 'get',
        description: `read ${sub} of the specified ${kind}`,
        operationId: `read${id}`,
        responses: responses(name, { 200: 'OK' }, media),
        gvk: subGvk,
      });
    if (k.verbs.includes('create'))
      s.post = op({
        action: 'post',
        description: `create ${sub} of a ${kind}`,
        operationId: `create${id}`,
        parameters: writeParams,
        requestBody: body(name),
        responses: responses(name, { 200: 'OK', 201: 'Created', 202: 'Accepted' }, media),
        gvk: subGvk,
      });
    if (k.verbs.includes('update'))
      s.put = op({
        action: 'put',
        description: `replace ${sub} of the specified ${kind}`,
        operationId: `replace${id}`,
        parameters: writeParams,
        requestBody: body(name),
        responses: responses(name, { 200: 'OK', 201: 'Created' }, media),
        gvk: subGvk,
      });
    if (k.verbs.includes('patch'))
      s.patch = op({
        action: 'patch',
        description: `partially update ${sub} of the specified ${kind}`,
        operationId: `patch${id}`,
        parameters: patchParams,
        requestBody: patchBody,
        responses: responses(name, { 200: 'OK', 201: 'Created' }, media),
        gvk: subGvk,
      });
    if (Object.keys(s).length) paths[`${itemPath}/${sub}`] = { ...s, parameters: itemParams };
  }

  if (t.namespaced && verbs.has('list'))
    paths[`${base}/${t.names.plural}`] = {
      get: op({
        action: 'list',
        description: `list or watch objects of kind ${kind}`,
        operationId: `list${idBase}${kind}ForAllNamespaces`,
        responses: responses(defs.listName, { 200: 'OK' }, streamMedia),
      }),
      parameters: [...listParams, pretty].sort(byName),
    };

  // kube publishes the deprecated /watch/ paths for built-ins only, not for custom resources.
  if (verbs.has('watch') && !defs.custom) {
    const watchEvent = `${metaV1}WatchEvent`;
    const watch = (
      action: 'watch' | 'watchlist',
      operationId: string,
      description: string,
      params: Schema[],
    ) => ({
      get: op({
        action,
        description,
        operationId,
        responses: responses(watchEvent, { 200: 'OK' }, streamMedia),
      }),
      parameters: [...listParams, pretty, ...params].sort(byName),
    });
    paths[`${base}/watch${nsPath}/${t.names.plural}`] = watch(
      'watchlist',
      `watch${idBase}${ns}${kind}List`,
      `watch individual changes to a list of ${kind}`,
      nsParams,
    );
    paths[`${base}/watch${nsPath}/${t.names.plural}/{name}`] = watch(
      'watch',
      `watch${idBase}${ns}${kind}`,
      `watch changes to an object of kind ${kind}`,
      [nameParam, ...nsParams],
    );
    if (t.namespaced)
      paths[`${base}/watch/${t.names.plural}`] = watch(
        'watchlist',
        `watch${idBase}${kind}ListForAllNamespaces`,
        `watch individual changes to a list of ${kind}`,
        [],
      );
  }
  return paths;
}

function byName(a: Schema, b: Schema): number {
  const x = a.name as string;
  const y = b.name as string;
  return x < y ? -1 : x > y ? 1 : 0;
}
