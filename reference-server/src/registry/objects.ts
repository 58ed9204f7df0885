// Generic object operations for any resource type: the semantics of Kubernetes' generic
// registry store (k8s.io/apiserver/pkg/registry/generic/registry/store.go) on top of the Store.
// No HTTP here: callers are the resource handler, controllers and bootstrap code alike.

import { randomUUID } from 'node:crypto';
import { alreadyExists, badRequest, conflict, invalid, notFound, staleObjectMessage } from '../api/status.js';
import type { KubeObject, Status } from '../api/types.js';
import {
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  type KeyValue,
  type Store,
} from '../storage/store.js';
import { decodeObject, encodeObject } from './codec.js';
import { checkBodyDecodable } from './openapi-decode-check.js';
import type { DeleteOptions } from './delete-options.js';
import { type FieldError, toInvalidField } from './field-errors.js';
import { finalizersOnDelete, sameSet } from './gc-finalizers.js';
import { trackUpdate } from './managed-fields/managers.js';
import { trackContext } from './managed-fields/write-context.js';
import { groupVersion } from './resource-type.js';
import { allClusters, clusterOf, keyFor, prefixFor, qualifiedResource, type Scope } from './scope.js';
import { metadataOf, objectMetaErrors, objectMetaUpdateErrors } from './validation.js';

export function now(): string {
  // Kubernetes timestamps have second precision (metav1.Time marshals RFC3339).
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const generateNameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++)
    suffix += generateNameAlphabet[Math.floor(Math.random() * generateNameAlphabet.length)];
  return `${base.slice(0, 63 - 5)}${suffix}`;
}

function throwIfInvalid(scope: Scope, name: string, errors: FieldError[]): void {
  if (errors.length > 0)
    throw invalid(scope.type.group, scope.type.names.kind, name, errors.map(toInvalidField));
}

/** Checks apiVersion/kind of a request body against the endpoint it was sent to. */
export function checkTypeMeta(scope: Scope, obj: KubeObject): void {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    throw badRequest('the request body must be an object');
  const gv = groupVersion(scope.type);
  if (obj.kind !== undefined && obj.kind !== scope.type.names.kind)
    throw badRequest(
      `the kind of the provided object (${String(obj.kind)}) does not match the kind of the endpoint (${scope.type.names.kind})`,
    );
  if (obj.apiVersion !== undefined && obj.apiVersion !== gv)
    throw badRequest(
      `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`,
    );
  // Patched objects come here without passing the request decoder.
  checkBodyDecodable(scope.type, obj);
}

function checkNamespace(scope: Scope, obj: KubeObject): void {
  const meta = metadataOf(obj);
  if (!scope.type.namespaced) return;
  if (meta.namespace && scope.namespace && meta.namespace !== scope.namespace)
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (!meta.namespace) meta.namespace = scope.namespace;
}

export async function getObject(store: Store, scope: Scope, name: string): Promise<KubeObject> {
  const kv = await store.get(keyFor(scope, name));
  if (!kv) throw notFound(qualifiedResource(scope), name);
  return decodeObject(kv, scope.type, scope.cluster);
}

export async function createObject(
  store: Store,
  scope: Scope,
  input: KubeObject,
  options: {
    dryRun?: boolean;
    /** Record the create in managedFields as an Update by this manager (server-side apply: omit). */
    fieldManager?: string;
  } = {},
): Promise<KubeObject> {
  checkTypeMeta(scope, input);
  const obj: KubeObject = structuredClone(input);
  const meta = metadataOf(obj);
  checkNamespace(scope, obj);
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
  // System-owned metadata is set here whatever the client sent (rest.BeforeCreate).
  meta.uid = randomUUID();
  meta.creationTimestamp = now();
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.generation;
  delete meta.selfLink;
  obj.apiVersion = groupVersion(scope.type);
  obj.kind = scope.type.names.kind;
  scope.type.strategy.prepareForCreate?.(obj);
  if (options.fieldManager !== undefined)
    trackUpdate(undefined, obj, options.fieldManager, trackContext(scope.type, undefined, [obj]));
  const name = meta.name ?? '';
  throwIfInvalid(scope, name, [
    ...objectMetaErrors(scope.type, meta),
    ...scope.type.strategy.validateCreate(obj),
  ]);
  // dryRun=All: everything but the write; the answer has uid and creationTimestamp but no
  // resourceVersion, as kube's dry-run storage answers.
  if (options.dryRun) {
    if (await store.get(keyFor(scope, name, meta.namespace)))
      throw alreadyExists(qualifiedResource(scope), name);
    return obj;
  }
  try {
    const kv = await store.create(keyFor(scope, name, meta.namespace), encodeObject(obj, scope.type));
    return decodeObject(kv, scope.type, scope.cluster);
  } catch (e) {
    if (e instanceof KeyExistsError) throw alreadyExists(qualifiedResource(scope), name);
    throw e;
  }
}

export interface UpdateOptions {
  /** Called with the stored object before the update is applied (e.g. admission). */
  check?(obj: KubeObject, old: KubeObject): Promise<void> | void;
  /**
   * 'status' updates only the status (the rest, metadata included, stays as stored: the
   * status strategies' PrepareForUpdate + ResetObjectMetaForStatus). Without it, the type's
   * prepareForUpdate decides (types with a status subresource keep their stored status).
   */
  subresource?: string;
  /** dryRun=All: validate and admit, write nothing, answer the object as it would be stored. */
  dryRun?: boolean;
  /**
   * Record the update in managedFields as an Update by this manager. Without it the input's
   * managedFields are stored as given (server-side apply computes them itself).
   */
  fieldManager?: string;
}

/**
 * Replaces an object (PUT). A resourceVersion in the body is a precondition; without one the
 * update is unconditional, as for built-in types with AllowUnconditionalUpdate. An update that
 * changes nothing keeps the resourceVersion. Removing the last finalizer of an object that is
 * being deleted completes its deletion.
 */
export async function updateObject(
  store: Store,
  scope: Scope,
  name: string,
  input: KubeObject,
  options: UpdateOptions = {},
  attempt = 1,
): Promise<KubeObject> {
  checkTypeMeta(scope, input);
  const obj: KubeObject = structuredClone(input);
  const meta = metadataOf(obj);
  checkNamespace(scope, obj);
  // handlers.checkName: the body (or a patch result) must name the object, and name it as the URL.
  if (!meta.name)
    throw badRequest(
      `the name of the object (${name} based on URL) was undeterminable: name must be provided`,
    );
  if (meta.name !== name)
    throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
  const key = keyFor(scope, name);
  const current = await store.get(key);
  if (!current) throw notFound(qualifiedResource(scope), name);
  const old = decodeObject(current, scope.type, scope.cluster);
  const oldMeta = metadataOf(old);
  const precondition = meta.resourceVersion ? parseResourceVersion(meta.resourceVersion) : undefined;
  if (precondition !== undefined && precondition !== current.modRevision)
    throw conflict(qualifiedResource(scope), name, staleObjectMessage);
  // Kubernetes checks ObjectMeta updates twice, in BeforeUpdate's common fields and again in every
  // strategy's ValidateUpdate, and reports each error twice: so does this server.
  const metaUpdateErrors = objectMetaUpdateErrors(meta, oldMeta);
  throwIfInvalid(scope, name, [...metaUpdateErrors, ...metaUpdateErrors]);
  meta.uid = oldMeta.uid;
  meta.creationTimestamp = oldMeta.creationTimestamp;
  if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds !== undefined)
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  obj.apiVersion = old.apiVersion;
  obj.kind = old.kind;
  // Other subresources (certificatesigningrequests/approval) bring their own strategy.
  const strategy =
    (options.subresource && scope.type.strategy.subresourceUpdates?.[options.subresource]) ||
    scope.type.strategy;
  const appliedManagedFields = obj.metadata?.managedFields;
  if (options.subresource === 'status') {
    for (const k of Object.keys(obj)) if (k !== 'status') delete obj[k];
    Object.assign(obj, { ...old, status: obj.status });
    obj.metadata = { ...old.metadata };
    // Server-side apply to status brings its own managedFields; other callers keep the stored ones.
    if (options.fieldManager === undefined && appliedManagedFields !== undefined)
      obj.metadata.managedFields = appliedManagedFields;
  } else {
    strategy.prepareForUpdate?.(obj, old);
  }
  if (options.fieldManager !== undefined) {
    obj.metadata = { ...obj.metadata };
    const ctx = trackContext(scope.type, options.subresource, [obj, old]);
    trackUpdate(old, obj, options.fieldManager, ctx);
  }
  throwIfInvalid(scope, name, [...objectMetaErrors(scope.type, meta), ...strategy.validateUpdate(obj, old)]);
  await options.check?.(obj, old);
  if (options.dryRun) {
    if (encodeObject(obj, scope.type) === encodeObject(old, scope.type)) return old;
    metadataOf(obj).resourceVersion = String(current.modRevision);
    return obj;
  }
  try {
    return (await writeValidated(store, scope, key, current.modRevision, obj, old)).object;
  } catch (e) {
    // Without a resourceVersion in the body the update is unconditional: a concurrent writer is
    // not the client's conflict, so read again and retry (the generic store's GuaranteedUpdate).
    if (
      e instanceof RevisionConflictError &&
      precondition === undefined &&
      attempt < maxUnconditionalAttempts
    )
      return updateObject(store, scope, name, input, options, attempt + 1);
    throw translateWriteError(e, scope, name);
  }
}

// Every round one writer wins, so N concurrent writers need at most N rounds; the cap only guards
// against a bug looping forever.
const maxUnconditionalAttempts = 1000;

/**
 * The write step shared by client updates and controller mutations, after validation: an
 * unchanged object is not written (its resourceVersion stays); removing the last finalizer of
 * an object being deleted completes the deletion (the last state is returned); anything else is
 * an update conditional on `revision`. Store errors propagate to the caller to interpret.
 */
async function writeValidated(
  store: Store,
  scope: Scope,
  key: string,
  revision: number,
  obj: KubeObject,
  old: KubeObject,
): Promise<{ object: KubeObject; deleted: boolean }> {
  const value = encodeObject(obj, scope.type);
  if (value === encodeObject(old, scope.type)) return { object: old, deleted: false };
  const meta = metadataOf(obj);
  if (
    meta.deletionTimestamp &&
    (meta.finalizers ?? []).length === 0 &&
    !scope.type.strategy.gracefulDelete?.(obj)
  ) {
    const kv = await store.delete(key, revision);
    return { object: decodeObject({ ...kv, value }, scope.type, scope.cluster), deleted: true };
  }
  return {
    object: decodeObject(await store.update(key, value, revision), scope.type, scope.cluster),
    deleted: false,
  };
}

function translateWriteError(e: unknown, scope: Scope, name: string): unknown {
  if (e instanceof RevisionConflictError) return conflict(qualifiedResource(scope), name, staleObjectMessage);
  if (e instanceof KeyNotFoundError) return notFound(qualifiedResource(scope), name);
  return e;
}

export function parseResourceVersion(rv: string): number {
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}

export type { DeleteOptions } from './delete-options.js';

export type DeleteResult = { deleted: true; status: Status } | { deleted: false; object: KubeObject };

/**
 * DELETE. Objects with finalizers (including the garbage collector's `orphan` and
 * `foregroundDeletion`, which the options may add or replace), and types with graceful deletion
 * (namespaces), are only marked with deletionTimestamp and returned; everything else is removed
 * and answered with a Success Status (the generic store's answer when ReturnDeletedObject is
 * false).
 */
export async function deleteObject(
  store: Store,
  scope: Scope,
  name: string,
  options: DeleteOptions = {},
): Promise<DeleteResult> {
  const key = keyFor(scope, name);
  for (;;) {
    const current = await store.get(key);
    if (!current) throw notFound(qualifiedResource(scope), name);
    const obj = decodeObject(current, scope.type, scope.cluster);
    const meta = metadataOf(obj);
    checkPreconditions(scope, name, obj, current, options);
    const unchanged = encodeObject(obj, scope.type);
    // A type's own deletion bookkeeping (CRDs: the instance cleanup finalizer), on the first DELETE.
    if (!meta.deletionTimestamp) scope.type.strategy.prepareForDelete?.(obj);
    const graceful = scope.type.strategy.gracefulDelete?.(obj) ?? false;
    // A graceful deletion under way is left as it is, finalizers included (pendingGraceful).
    if (graceful && meta.deletionTimestamp) return { deleted: false, object: obj };
    const finalizers = meta.finalizers ?? [];
    const wanted = finalizersOnDelete(finalizers, options, scope.type.strategy.garbageCollectionPolicy);
    try {
      if (graceful || wanted.length > 0) {
        if (!sameSet(wanted, finalizers)) {
          if (wanted.length > 0) meta.finalizers = wanted;
          else delete meta.finalizers;
        }
        // markAsDeleting: the first deletion stamps the object (and bumps a generation in use);
        // later ones keep the timestamp and may only change the GC finalizers.
        if (!meta.deletionTimestamp) {
          meta.deletionTimestamp = now();
          if (typeof meta.generation === 'number' && meta.generation > 0) meta.generation += 1;
        }
        meta.deletionGracePeriodSeconds = 0;
        if (graceful) obj.status = { ...((obj.status as object) ?? {}), phase: 'Terminating' };
        if (options.dryRun) return { deleted: false, object: obj };
        const value = encodeObject(obj, scope.type);
        // Deleting again what is already marked as asked is a no-op (no new resourceVersion).
        if (value === unchanged) return { deleted: false, object: obj };
        const kv = await store.update(key, value, current.modRevision);
        return { deleted: false, object: decodeObject(kv, scope.type, scope.cluster) };
      }
      if (!options.dryRun) await store.delete(key, current.modRevision);
      return {
        deleted: true,
        status: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: { name, group: scope.type.group, kind: scope.type.names.plural, uid: meta.uid ?? '' },
          code: 200,
        },
      };
    } catch (e) {
      // A concurrent write between our read and write: read again, as the generic store does.
      if (e instanceof RevisionConflictError) continue;
      throw translateWriteError(e, scope, name);
    }
  }
}

/** The early precondition check of rest.BeforeDelete, worded as kube words it. */
function checkPreconditions(
  scope: Scope,
  name: string,
  obj: KubeObject,
  kv: KeyValue,
  options: DeleteOptions,
): void {
  const p = options.preconditions;
  if (!p) return;
  // BeforeDelete names the kind, not the resource, in these conflicts.
  const byKind = { group: scope.type.group, resource: scope.type.names.kind };
  const uid = obj.metadata?.uid ?? '';
  if (p.uid && p.uid !== uid)
    throw conflict(
      byKind,
      name,
      `the UID in the precondition (${p.uid}) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
    );
  if (p.resourceVersion && p.resourceVersion !== String(kv.modRevision))
    throw conflict(
      byKind,
      name,
      `the ResourceVersion in the precondition (${p.resourceVersion}) does not match the ResourceVersion in record (${kv.modRevision}). The object might have been modified`,
    );
}

export interface ListPage {
  items: KubeObject[];
  revision: number;
  nextKey?: string;
  /** With countRemaining and a cut list: how many objects follow the page. */
  remainingItemCount?: number;
}

export interface ListObjectsOptions {
  /** Read at this past revision (a consistent snapshot); default: the current revision. */
  revision?: number;
  /**
   * Count what follows the page (remainingItemCount). Only meaningful when `filter` accepts
   * everything, as Kubernetes sets it only for lists without selectors.
   */
  countRemaining?: boolean;
}

/**
 * Lists a scope, keeping objects accepted by `filter`, at most `limit` of them (0: all).
 * Pages through the store so a selective filter with a limit still fills the page; every store
 * page is read at the revision of the first, so the result is one consistent snapshot.
 * Store errors (CompactedError, FutureRevisionError) pass through for the caller to word.
 */
export async function listObjects(
  store: Store,
  scope: Scope,
  filter: (obj: KubeObject) => boolean,
  limit = 0,
  startKey?: string,
  options: ListObjectsOptions = {},
): Promise<ListPage> {
  const prefix = prefixFor(scope);
  const items: KubeObject[] = [];
  let revision = options.revision ?? 0;
  let next = startKey;
  const pageSize = limit > 0 ? Math.max(limit, 100) : 0;
  const countRemaining = options.countRemaining === true;
  for (;;) {
    const page = await store.list(prefix, {
      limit: pageSize,
      ...(next ? { startKey: next } : {}),
      ...(revision ? { revision } : {}),
      ...(countRemaining ? { countRemaining } : {}),
    });
    revision = page.revision;
    for (let i = 0; i < page.items.length; i++) {
      const kv = page.items[i]!;
      const obj = decodeObject(kv, scope.type, clusterOf(scope, kv.key));
      if (!filter(obj)) continue;
      if (scope.cluster === allClusters && scope.namespace && obj.metadata?.namespace !== scope.namespace)
        continue;
      items.push(obj);
      if (limit > 0 && items.length === limit) {
        const following = page.items[i + 1]?.key ?? page.nextKey;
        if (!following) return { items, revision };
        const result: ListPage = { items, revision, nextKey: following };
        if (countRemaining && page.remaining !== undefined)
          result.remainingItemCount = page.remaining + page.items.length - (i + 1);
        return result;
      }
    }
    if (!page.nextKey) return { items, revision };
    next = page.nextKey;
  }
}

/**
 * Read-modify-write for controllers: loads the object, lets `change` edit it (status included)
 * and writes it back with the read revision as precondition, retrying on conflicts. Validation
 * is the same as for clients. `change` returns false to leave the object as it is. Removing
 * the last finalizer of an object being deleted completes its deletion. Returns the stored
 * result, or undefined if the object does not exist (any more).
 */
export async function mutateObject(
  store: Store,
  scope: Scope,
  name: string,
  change: (obj: KubeObject) => boolean | void,
): Promise<KubeObject | undefined> {
  const key = keyFor(scope, name);
  for (;;) {
    const current = await store.get(key);
    if (!current) return undefined;
    const old = decodeObject(current, scope.type, scope.cluster);
    const obj = structuredClone(old);
    if (change(obj) === false) return old;
    const meta = metadataOf(obj);
    throwIfInvalid(scope, name, [
      ...objectMetaErrors(scope.type, meta),
      ...scope.type.strategy.validateUpdate(obj, old),
    ]);
    try {
      const written = await writeValidated(store, scope, key, current.modRevision, obj, old);
      return written.deleted ? undefined : written.object;
    } catch (e) {
      if (e instanceof RevisionConflictError) continue;
      if (e instanceof KeyNotFoundError) return undefined;
      throw e;
    }
  }
}
