// Resource requests: /api/v1/... and /apis/<g>/<v>/... inside one logical cluster. Maps the
// HTTP request onto the registry's object operations, runs admission for writes, and encodes
// the answer (object, list, Table or watch stream).

import type { AdmissionPlugin } from '../admission/admission.js';
import {
  ApiError,
  badRequest,
  failure,
  forbidden,
  methodNotSupported,
  notFound,
  pathNotFound,
} from '../api/status.js';
import type { UserInfo } from '../authn/user.js';
import type { KubeObject, ListMeta } from '../api/types.js';
import type { Catalog } from '../registry/catalog.js';
import {
  createObject,
  deleteObject,
  type DeleteOptions,
  getObject,
  listObjects,
  type ListPage,
  updateObject,
} from '../registry/objects.js';
import { groupVersion, type ResourceType, type Verb } from '../registry/resource-type.js';
import { allClusters, prefixFor, qualifiedResource, type Scope } from '../registry/scope.js';
import {
  checkGetResourceVersion,
  listExpired,
  parseListOptions,
  tooLargeResourceVersion,
} from '../registry/list-options.js';
import { workspaces } from '../registry/builtins/tenancy.js';
import { getHomeWorkspace, homeWorkspaceName } from '../tenancy/home-workspaces.js';
import { rootCluster } from '../controllers/bootstrap.js';
import { toPartial, toPartialList } from '../registry/partial-metadata.js';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../registry/selectors.js';
import { negotiateOutput, outputFor } from '../registry/output-form.js';
import { parseIncludeObject, toTable } from '../registry/table.js';
import { CompactedError, FutureRevisionError, type Store } from '../storage/store.js';
import { encodeContinue } from './continue-token.js';
import type { Authorizer, RuleResolver } from '../authz/authorizer.js';
import type { RequestContext } from './context.js';
import { readBody, readJSONBody, writeJSON } from './respond.js';
import { patchObject } from './patch-handler.js';
import { addWarnings, readWriteRequest } from './write-request.js';
import { parseWriteOptions } from '../registry/write-options.js';
import { managerFromUserAgent } from '../registry/managed-fields/managers.js';
import { forbiddenMessage } from './filters/authorization.js';
import { requestAttributes } from './context.js';
import { patchTypeOf } from '../registry/patch.js';
import { parseDeleteOptions } from '../registry/delete-options.js';
import { serveWatch, type WatchLimits } from '../watch/watch-handler.js';
import { scaleSubresourceOf } from '../apiextensions/crd-types.js';
import { serveScale } from '../apiextensions/scale-handler.js';

export interface ResourceDeps {
  /** The URL clients reach this server at (known once it listens). */
  externalURL(): string;
  store: Store;
  catalog: Catalog;
  admit: AdmissionPlugin;
  watchLimits: WatchLimits;
  /** Answers access reviews exactly as requests are authorized. */
  authorize: Authorizer;
  rules: RuleResolver;
  /** Creates on subresources that store nothing (serviceaccounts/token), by subresourceKey(). */
  subresourceCreators?: ReadonlyMap<string, SubresourceCreator>;
}

/** POST on a subresource whose body is another kind (a TokenRequest for serviceaccounts/token). */
export interface SubresourceCreator {
  endpoint: { apiVersion: string; kind: string };
  create(input: { scope: Scope; name: string; body: KubeObject; user: UserInfo }): Promise<KubeObject>;
}

export const subresourceKey = (group: string, resource: string, subresource: string) =>
  `${group}/${resource}/${subresource}`;

/** Only create exists on such subresources; kube's mux answers anything else with this 405. */
async function createOnSubresource(
  ctx: RequestContext,
  scope: Scope,
  creator: SubresourceCreator,
): Promise<void> {
  if (ctx.info.verb !== 'create')
    throw new ApiError(
      failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
    );
  checkAccept(ctx);
  const body = (await readJSONBody(ctx.req, creator.endpoint)) as KubeObject;
  writeJSON(ctx.res, 201, await creator.create({ scope, name: ctx.info.name, body, user: ctx.user! }));
}

/** The filter predicate of a list or watch: label selector, field selector. */
export function objectFilter(t: ResourceType, query: URLSearchParams): (obj: KubeObject) => boolean {
  const labels = parseLabelSelector(query.get('labelSelector') ?? undefined);
  const extra = t.selectableFields ?? {};
  const allowed = ['metadata.name', ...(t.namespaced ? ['metadata.namespace'] : []), ...Object.keys(extra)];
  const fields = parseFieldSelector(query.get('fieldSelector') ?? undefined, allowed, {
    labelConversion: t.fieldLabelConversion === true,
  });
  const visible = t.visible;
  if (labels.length === 0 && fields.length === 0) return visible ? (obj) => visible(obj) : () => true;
  return (obj) => {
    if (visible && !visible(obj)) return false;
    if (!matchesLabels(labels, obj.metadata?.labels)) return false;
    if (fields.length === 0) return true;
    const values: Record<string, string> = {
      'metadata.name': obj.metadata?.name ?? '',
      'metadata.namespace': obj.metadata?.namespace ?? '',
    };
    for (const [f, get] of Object.entries(extra)) values[f] = get(obj);
    return matchesFields(fields, values);
  };
}

/** Refuses (406) an Accept header no answer of this server satisfies, before any work is done. */
function checkAccept(ctx: RequestContext): void {
  negotiateOutput(ctx.req.headers.accept);
}

export async function handleResource(ctx: RequestContext, deps: ResourceDeps): Promise<void> {
  const i = ctx.info;
  const cluster = ctx.clusterName;
  if (cluster === undefined) throw pathNotFound();
  const catalog = ctx.view?.catalog ?? deps.catalog;
  const authorize = ctx.view?.authorize ?? deps.authorize;
  const type = await catalog.resolve(cluster, i.group, i.version, i.resource);
  if (!type) throw pathNotFound();
  ctx.metricResource = type.names.plural;
  if (!type.namespaced && i.namespace && i.resource !== 'namespaces') throw pathNotFound();
  const creator = i.subresource
    ? deps.subresourceCreators?.get(subresourceKey(type.group, type.names.plural, i.subresource))
    : undefined;
  if (creator && i.namespace)
    return createOnSubresource(ctx, { type, cluster, namespace: i.namespace }, creator);
  // Custom resources' scale subresource: an autoscaling/v1 Scale view of the object.
  const scalePaths = i.subresource === 'scale' ? scaleSubresourceOf(type) : undefined;
  if (scalePaths && (!type.namespaced || i.namespace)) {
    checkAccept(ctx);
    return serveScale(
      ctx,
      deps,
      { type, cluster, ...(i.namespace ? { namespace: i.namespace } : {}) },
      scalePaths,
    );
  }
  if (i.subresource && !type.subresources.includes(i.subresource))
    // kube's crdHandler answers a subresource the CRD version lacks as the object not found.
    throw type.schema ? notFound({ group: type.group, resource: type.names.plural }, i.name) : pathNotFound();
  checkAccept(ctx);

  const scope: Scope = {
    type,
    cluster,
    ...(type.namespaced && i.namespace ? { namespace: i.namespace } : {}),
  };
  const verb = i.verb as Verb;
  const qualified = { group: type.group, resource: type.names.plural };
  if (
    !type.verbs.includes(verb) &&
    !(i.subresource && (verb === 'get' || verb === 'update' || verb === 'patch'))
  )
    throw methodNotSupported(qualified, verb);
  // Writes and reads of one object in a namespaced type need a namespace in the URL.
  if (type.namespaced && !scope.namespace && verb !== 'list' && verb !== 'watch')
    throw methodNotSupported(qualified, verb);

  // kcp pkg/server/filters/wildcard.go: across all clusters only list and watch exist. A virtual
  // workspace's `*` has no such route at all (kcp: 404).
  if (cluster === allClusters && verb !== 'list' && verb !== 'watch') {
    if (ctx.view) throw pathNotFound();
    throw methodNotSupported(qualified, `${verb} in the \`*\` logical cluster`);
  }
  // kcp's virtual workspaces refuse a namespace across clusters (pkg/virtual/framework/forwardingregistry).
  if (cluster === allClusters && ctx.view && scope.namespace)
    throw badRequest(
      `cross-cluster LIST and WATCH are required to be cross-namespace, not scoped to namespace ${scope.namespace}`,
    );

  switch (verb) {
    case 'get':
      if (type === workspaces && i.name === homeWorkspaceName && cluster === rootCluster)
        return respondObject(
          ctx,
          type,
          await getHomeWorkspace(deps.store, ctx.user!, deps.externalURL(), deps.authorize),
        );
      await checkGetResourceVersion(deps.store, i.query);
      return respondObject(ctx, type, await getVisible(deps.store, scope, i.name));
    case 'list':
      return list(ctx, deps, scope);
    case 'watch':
      if (type.watchSelect) {
        const selected = objectFilter({ ...type, visible: type.watchSelect }, i.query);
        return serveWatch(ctx, deps.store, scope, selected, deps.watchLimits, type.visible);
      }
      return serveWatch(ctx, deps.store, scope, objectFilter(type, i.query), deps.watchLimits);
    case 'create': {
      if (i.name) throw methodNotSupported(qualified, 'create with a name in the URL');
      const { body, options } = await readWriteRequest(ctx, type, 'CreateOptions');
      if (type.review) {
        const answer = await type.review(body, {
          user: ctx.user!,
          cluster,
          namespace: scope.namespace ?? '',
          authorize,
          rules: deps.rules,
        });
        return respondObject(ctx, type, answer, 201);
      }
      const name = body.metadata?.name ?? '';
      await deps.admit({ operation: 'create', scope, name, object: body, user: ctx.user! });
      const created = await createObject(deps.store, scope, body, {
        dryRun: options.dryRun,
        fieldManager: requestManager(ctx, options.fieldManager),
      });
      return respondObject(ctx, type, created, 201);
    }
    case 'update': {
      const { body, options } = await readWriteRequest(ctx, type, 'UpdateOptions');
      const updated = await updateObject(deps.store, scope, i.name, body, {
        ...(i.subresource ? { subresource: i.subresource } : {}),
        dryRun: options.dryRun,
        fieldManager: requestManager(ctx, options.fieldManager),
        check: (obj, old) =>
          deps.admit({ operation: 'update', scope, name: i.name, object: obj, old, user: ctx.user! }),
      });
      return respondObject(ctx, type, updated);
    }
    case 'patch': {
      const contentType = ctx.req.headers['content-type'] ?? '';
      const options = parseWriteOptions(
        i.query,
        'PatchOptions',
        undefined,
        patchTypeOf(contentType) === 'apply',
      );
      const patched = await patchObject(deps.store, scope, i.name, contentType, await readBody(ctx.req), {
        ...(i.subresource ? { subresource: i.subresource } : {}),
        admit: deps.admit,
        user: ctx.user!,
        ...options,
        fieldManager: requestManager(ctx, options.fieldManager),
        authorizeCreate: async () => {
          const decision = await authorize({ ...requestAttributes(ctx), verb: 'create' });
          if (decision.decision === 'allow') return;
          const details = { name: i.name, ...(type.group ? { group: type.group } : {}), kind: i.resource };
          throw forbidden(forbiddenMessage(ctx, decision.reason, 'create'), details);
        },
      });
      addWarnings(ctx.res, patched.warnings);
      return respondObject(ctx, type, patched.object, patched.created ? 201 : 200);
    }
    case 'delete': {
      const options = await readDeleteOptions(ctx);
      const old = await getObject(deps.store, scope, i.name);
      await deps.admit({ operation: 'delete', scope, name: i.name, old, user: ctx.user! });
      const result = await deleteObject(deps.store, scope, i.name, options);
      if (result.deleted) return writeJSON(ctx.res, 200, result.status);
      // kube answers 202 only when the (deprecated) orphanDependents=false left the object in place.
      return respondObject(ctx, type, result.object, options.orphanDependents === false ? 202 : 200);
    }
    case 'deletecollection':
      return deleteCollection(ctx, deps, scope);
    default:
      throw methodNotSupported(qualified, verb);
  }
}

/** getObject, answering an object the type does not show (ResourceType.visible) as not found. */
async function getVisible(store: Store, scope: Scope, name: string): Promise<KubeObject> {
  const obj = await getObject(store, scope, name);
  if (scope.type.visible && !scope.type.visible(obj)) throw notFound(qualifiedResource(scope), name);
  return obj;
}

/** The manager a write is recorded under: fieldManager, else the User-Agent's product name (kube's default). */
function requestManager(ctx: RequestContext, fieldManager: string): string {
  return fieldManager || managerFromUserAgent(ctx.req.headers['user-agent']);
}

function respondObject(ctx: RequestContext, type: ResourceType, obj: KubeObject, code = 200): void {
  const output = outputFor(ctx.req.headers.accept, false, type.names.kind);
  if (output.form === 'partial') return writeJSON(ctx.res, code, toPartial(obj, output.version));
  if (output.form === 'table') {
    const include = parseIncludeObject(ctx.info.query.get('includeObject'));
    return writeJSON(
      ctx.res,
      code,
      toTable(type, [obj], include, { resourceVersion: obj.metadata?.resourceVersion ?? '' }),
    );
  }
  writeJSON(ctx.res, code, obj);
}

async function list(ctx: RequestContext, deps: ResourceDeps, scope: Scope): Promise<void> {
  const q = ctx.info.query;
  const prefix = prefixFor(scope);
  const request = parseListOptions(q, prefix);
  // Kubernetes counts what is left only when no selector filters the list.
  const unfiltered =
    !q.get('labelSelector') && !q.get('fieldSelector') && !(scope.cluster === allClusters && scope.namespace);
  let page: ListPage;
  try {
    page = await listObjects(
      deps.store,
      scope,
      objectFilter(scope.type, q),
      request.limit,
      request.startKey,
      {
        ...(request.revision !== undefined ? { revision: request.revision } : {}),
        countRemaining: unfiltered,
      },
    );
  } catch (e) {
    if (e instanceof CompactedError) throw listExpired(request, prefix);
    if (e instanceof FutureRevisionError)
      throw tooLargeResourceVersion(request.continued ? e.requested : q.get('resourceVersion')!, e.current);
    throw e;
  }
  if (request.minRevision > page.revision)
    throw tooLargeResourceVersion(q.get('resourceVersion') || request.minRevision, page.revision);
  const meta: ListMeta = { resourceVersion: String(page.revision) };
  if (page.nextKey) {
    meta.continue = encodeContinue({ key: page.nextKey, revision: page.revision }, prefix);
    if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  }
  const output = outputFor(ctx.req.headers.accept, true, scope.type.names.listKind);
  if (output.form === 'partialList')
    return writeJSON(ctx.res, 200, toPartialList(page.items, output.version, meta));
  if (output.form === 'table')
    return writeJSON(
      ctx.res,
      200,
      toTable(scope.type, page.items, parseIncludeObject(q.get('includeObject')), meta),
    );
  writeJSON(ctx.res, 200, {
    apiVersion: groupVersion(scope.type),
    kind: scope.type.names.listKind,
    metadata: meta,
    items: page.items,
  });
}

async function readDeleteOptions(ctx: RequestContext): Promise<DeleteOptions> {
  const hasBody = Number(ctx.req.headers['content-length'] ?? 0) > 0 || ctx.req.headers['transfer-encoding'];
  // A body replaces the query entirely, as in kube's delete handler.
  return parseDeleteOptions(ctx.info.query, hasBody ? await readJSONBody(ctx.req) : undefined);
}

async function deleteCollection(ctx: RequestContext, deps: ResourceDeps, scope: Scope): Promise<void> {
  const options = await readDeleteOptions(ctx);
  const page = await listObjects(deps.store, scope, objectFilter(scope.type, ctx.info.query));
  const touched: KubeObject[] = [];
  for (const obj of page.items) {
    const name = obj.metadata?.name ?? '';
    const objScope = { ...scope, namespace: obj.metadata?.namespace ?? scope.namespace };
    if (!scope.type.namespaced) delete objScope.namespace;
    await deps.admit({ operation: 'delete', scope: objScope as Scope, name, old: obj, user: ctx.user! });
    try {
      await deleteObject(deps.store, objScope as Scope, name, options);
      // kube answers the items as listed, before their deletion (DeleteCollection).
      touched.push(obj);
    } catch (e) {
      // Deleted concurrently: nothing left to do for this one.
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
  writeJSON(ctx.res, 200, {
    apiVersion: groupVersion(scope.type),
    kind: scope.type.names.listKind,
    metadata: { resourceVersion: String(await deps.store.currentRevision()) },
    items: touched,
  });
}
