// The garbage collector (Kubernetes' pkg/controller/garbagecollector, which kcp runs per logical
// cluster): deletes objects whose owners are all gone, lets owners deleted in the foreground wait
// for their blocking dependents, and strips references to owners deleted with orphaning.
//
// Fed by one watch on every object key. Events are classified by cheap string tests before any
// decoding, so objects without ownerReferences or GC finalizers (nearly all of them) cost one
// substring scan per write and no memory. Owners and dependents always share a logical cluster.
//
// Two kinds of work items: `d|<key>` (is this dependent still owned? kube's attemptToDeleteItem)
// and `o|<key>` (an owner being deleted with the `orphan` or `foregroundDeletion` finalizer).

import { ApiError } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { Catalog } from '../registry/catalog.js';
import { foregroundFinalizer, orphanFinalizer } from '../registry/gc-finalizers.js';
import { deleteObject, mutateObject } from '../registry/objects.js';
import { type OwnerReference, ownerReferencesOf, splitAPIVersion } from '../registry/owner-references.js';
import type { ResourceType } from '../registry/resource-type.js';
import { keyFor, type Scope } from '../registry/scope.js';
import type { Store, StoreEvent, Watcher } from '../storage/store.js';
import { createDependencyGraph, type DependentNode } from './garbage-collector-graph.js';
import type { Controller } from './namespace-controller.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';

interface Options {
  store: Store;
  catalog: Catalog;
  log: (msg: string) => void;
  /** Page size of the scan at start. */
  scanPageSize?: number;
}

/** /registry/<group>/<resource>/<cluster>/[<namespace>/]<name> */
function keyParts(key: string): { group: string; resource: string; cluster: string } {
  const parts = key.split('/');
  return {
    group: parts[2] === 'core' ? '' : (parts[2] ?? ''),
    resource: parts[3] ?? '',
    cluster: parts[4] ?? '',
  };
}

function parse(value: string): KubeObject | undefined {
  try {
    return JSON.parse(value) as KubeObject;
  } catch {
    return undefined;
  }
}

/** Substring tests that rule out most writes without decoding them. */
const mayHaveRefs = (value: string) => value.includes('"ownerReferences"');
const mayBeFinalizing = (value: string) =>
  value.includes('"deletionTimestamp"') &&
  (value.includes(`"${orphanFinalizer}"`) || value.includes(`"${foregroundFinalizer}"`));

function gcFinalizerOf(obj: KubeObject): typeof orphanFinalizer | typeof foregroundFinalizer | undefined {
  const meta = obj.metadata;
  if (!meta?.deletionTimestamp) return undefined;
  const f = meta.finalizers ?? [];
  if (f.includes(orphanFinalizer)) return orphanFinalizer;
  if (f.includes(foregroundFinalizer)) return foregroundFinalizer;
  return undefined;
}

class RetryLater extends Error {}

export async function startGarbageCollector(options: Options): Promise<Controller> {
  const { store, catalog, log } = options;
  const graph = createDependencyGraph();
  /** Owners being finalized by us: `<cluster>/<uid>` → store key. */
  const finalizing = new Map<string, string>();
  const failures = new Map<string, number>();

  const queue: WorkQueue = createWorkQueue(
    async (item) => {
      if (item.startsWith('d|')) await attemptToDelete(item.slice(2));
      else await finalizeOwner(item.slice(2));
      failures.delete(item);
    },
    {
      onError: (item, e) => {
        // Exponential backoff, as the GC's rate-limited queues (capped lower: nothing is polled).
        const n = (failures.get(item) ?? 0) + 1;
        failures.set(item, n);
        if (!(e instanceof RetryLater)) log(`garbage collector: ${item}: ${(e as Error).message}`);
        queue.addAfter(item, Math.min(100 * 2 ** n, 300_000));
      },
    },
  );

  const notifyOwners = (cluster: string, refs: readonly OwnerReference[]) => {
    for (const ref of refs) {
      const owner = finalizing.get(`${cluster}/${ref.uid}`);
      if (owner) queue.add(`o|${owner}`);
    }
  };

  function observe(key: string, value: string, type: StoreEvent['type'] | 'scan'): void {
    const { cluster } = keyParts(key);
    if (type === 'delete') {
      const gone = graph.remove(key);
      if (gone) notifyOwners(cluster, gone.refs);
      if (!graph.hasDependentsIn(cluster) && finalizing.size === 0) return;
      const uid = parse(value)?.metadata?.uid;
      if (!uid) return;
      finalizing.delete(`${cluster}/${uid}`);
      // The owner is gone: each dependent may now be garbage.
      for (const dep of graph.dependentsOf(cluster, uid)) queue.add(`d|${dep.key}`);
      return;
    }
    const refsPossible = mayHaveRefs(value);
    const finalizingPossible = mayBeFinalizing(value);
    if (!refsPossible && !finalizingPossible && !graph.get(key)) return;
    const obj = parse(value);
    const meta = obj?.metadata;
    if (!obj || !meta?.uid) return;
    const refs = ownerReferencesOf(meta);
    const previous = graph.set({ key, cluster, uid: meta.uid, refs });
    const changed = JSON.stringify(previous?.refs ?? []) !== JSON.stringify(refs);
    // Dropped or unblocked references may release an owner waiting in the foreground.
    if (previous && changed) notifyOwners(cluster, previous.refs);
    if (refs.length > 0 && (!previous || changed)) queue.add(`d|${key}`);
    if (gcFinalizerOf(obj)) {
      finalizing.set(`${cluster}/${meta.uid}`, key);
      queue.add(`o|${key}`);
    }
  }

  async function typeOf(cluster: string, group: string, match: (t: ResourceType) => boolean) {
    return (await catalog.typesFor(cluster)).find((t) => t.group === group && match(t));
  }

  /** The scope (type, cluster, namespace) of the object stored at `key`. */
  async function scopeOfKey(key: string, obj: KubeObject): Promise<Scope | undefined> {
    const { group, resource, cluster } = keyParts(key);
    const type = await typeOf(cluster, group, (t) => t.names.plural === resource);
    if (!type) return undefined;
    const namespace = type.namespaced ? obj.metadata?.namespace : undefined;
    return namespace ? { type, cluster, namespace } : { type, cluster };
  }

  async function read(key: string): Promise<{ obj: KubeObject; scope: Scope } | undefined> {
    const kv = await store.get(key);
    if (!kv) return undefined;
    const obj = JSON.parse(kv.value) as KubeObject;
    const scope = await scopeOfKey(key, obj);
    return scope ? { obj, scope } : undefined;
  }

  type OwnerState = 'solid' | 'dangling' | 'waiting' | 'invalid';

  /** kube's isDangling plus the "waiting for dependents" test, for one reference. */
  async function ownerState(
    cluster: string,
    dependent: KubeObject,
    ref: OwnerReference,
  ): Promise<OwnerState> {
    const { group, version } = splitAPIVersion(ref.apiVersion);
    const type = await typeOf(cluster, group, (t) => t.version === version && t.names.kind === ref.kind);
    // An owner kind nobody serves (yet): try again later, as kube's REST mapping failure does.
    if (!type) throw new RetryLater(`cannot resolve owner ${ref.apiVersion}, Kind=${ref.kind}`);
    const namespace = dependent.metadata?.namespace;
    // A cluster-scoped object cannot be owned by a namespaced one: leave it alone.
    if (type.namespaced && !namespace) return 'invalid';
    const kv = await store.get(keyFor({ type, cluster }, ref.name, type.namespaced ? namespace : undefined));
    if (!kv) return 'dangling';
    const owner = JSON.parse(kv.value) as KubeObject;
    if (owner.metadata?.uid !== ref.uid) return 'dangling';
    return gcFinalizerOf(owner) === foregroundFinalizer ? 'waiting' : 'solid';
  }

  async function attemptToDelete(key: string): Promise<void> {
    const found = await read(key);
    if (!found) return;
    const { obj, scope } = found;
    const meta = obj.metadata!;
    const refs = ownerReferencesOf(meta);
    // Already being deleted: its own finalizers (ours included) take it from here.
    if (refs.length === 0 || meta.deletionTimestamp) return;
    const states = new Map<string, OwnerState>();
    for (const ref of refs) {
      const state = await ownerState(scope.cluster, obj, ref);
      if (state === 'invalid') {
        log(
          `garbage collector: ${key}: cluster-scoped object refers to namespaced owner ${ref.kind}/${ref.name}`,
        );
        return;
      }
      states.set(ref.uid, state);
    }
    const uids = (s: OwnerState) => refs.filter((r) => states.get(r.uid) === s).map((r) => r.uid);
    const solid = uids('solid');
    const gone = new Set([...uids('dangling'), ...uids('waiting')]);
    const name = meta.name ?? '';
    if (solid.length > 0) {
      // Still owned: only drop the references to owners that are gone or being deleted.
      if (gone.size === 0) return;
      await mutateObject(store, scope, name, (o) => {
        const m = o.metadata;
        if (!m || m.uid !== meta.uid) return false;
        const before = m.ownerReferences ?? [];
        const after = before.filter((r) => !gone.has((r as OwnerReference).uid));
        if (after.length === before.length) return false;
        if (after.length > 0) m.ownerReferences = after;
        else delete m.ownerReferences;
        return true;
      });
      return;
    }
    const waiting = new Set(uids('waiting'));
    const ownDependents = graph.dependentsOf(scope.cluster, meta.uid!);
    let policy: 'Orphan' | 'Background' | 'Foreground';
    if (waiting.size > 0 && ownDependents.length > 0) {
      // An owner waits for us and we have dependents: delete in the foreground too. If one of
      // our dependents is itself waiting for its own, stop blocking our owners (cycle breaker).
      if (ownDependents.some((d) => isForegroundOwner(d))) await unblock(scope, name, meta.uid!, waiting);
      policy = 'Foreground';
    } else {
      const f = meta.finalizers ?? [];
      policy = f.includes(orphanFinalizer)
        ? 'Orphan'
        : f.includes(foregroundFinalizer)
          ? 'Foreground'
          : 'Background';
    }
    try {
      await deleteObject(store, scope, name, {
        preconditions: { uid: meta.uid! },
        propagationPolicy: policy,
      });
    } catch (e) {
      // Gone or replaced meanwhile: nothing of ours to delete.
      if (!(e instanceof ApiError) || (e.code !== 404 && e.code !== 409)) throw e;
    }
  }

  const isForegroundOwner = (d: DependentNode) => finalizing.get(`${d.cluster}/${d.uid}`) === d.key;

  async function unblock(scope: Scope, name: string, uid: string, owners: Set<string>): Promise<void> {
    await mutateObject(store, scope, name, (o) => {
      if (o.metadata?.uid !== uid) return false;
      let changed = false;
      for (const r of (o.metadata.ownerReferences ?? []) as OwnerReference[])
        if (owners.has(r.uid) && r.blockOwnerDeletion) {
          r.blockOwnerDeletion = false;
          changed = true;
        }
      return changed;
    });
  }

  async function finalizeOwner(key: string): Promise<void> {
    const found = await read(key);
    if (!found) return;
    const { obj, scope } = found;
    const meta = obj.metadata!;
    const uid = meta.uid!;
    const finalizer = gcFinalizerOf(obj);
    if (!finalizer) {
      if (finalizing.get(`${scope.cluster}/${uid}`) === key) finalizing.delete(`${scope.cluster}/${uid}`);
      return;
    }
    finalizing.set(`${scope.cluster}/${uid}`, key);
    const dependents = graph.dependentsOf(scope.cluster, uid);
    if (finalizer === orphanFinalizer) {
      for (const dep of dependents) await orphan(dep, uid);
    } else {
      const blocking = dependents.filter((d) =>
        d.refs.some((r) => r.uid === uid && r.blockOwnerDeletion === true),
      );
      // Every dependent goes; the owner only waits for those that block it.
      for (const dep of dependents) if (!isForegroundOwner(dep)) queue.add(`d|${dep.key}`);
      if (blocking.length > 0) return;
    }
    await mutateObject(store, scope, meta.name ?? '', (o) => {
      if (o.metadata?.uid !== uid) return false;
      const before = o.metadata.finalizers ?? [];
      o.metadata.finalizers = before.filter((f) => f !== finalizer);
      if (o.metadata.finalizers.length === 0) delete o.metadata.finalizers;
      return (o.metadata.finalizers?.length ?? 0) !== before.length;
    });
  }

  async function orphan(dep: DependentNode, ownerUid: string): Promise<void> {
    const found = await read(dep.key);
    if (!found) return;
    await mutateObject(store, found.scope, found.obj.metadata?.name ?? '', (o) => {
      const before = o.metadata?.ownerReferences ?? [];
      const after = before.filter((r) => (r as OwnerReference).uid !== ownerUid);
      if (after.length === before.length) return false;
      if (after.length > 0) o.metadata!.ownerReferences = after;
      else delete o.metadata!.ownerReferences;
      return true;
    });
  }

  // One scan at start (level-triggered: work a restart interrupted is found again), in pages so
  // a large store is never held in memory at once, then every event from the first page on. It
  // runs in the background: serving does not wait for it, and events it races with are replayed.
  let watcher: Watcher | undefined;
  let stopped = false;
  const pageSize = options.scanPageSize ?? 500;
  const scanned = (async () => {
    let startKey: string | undefined;
    let fromRevision = 0;
    for (;;) {
      const page = await store.list('/registry/', { limit: pageSize, ...(startKey ? { startKey } : {}) });
      if (stopped) return;
      if (fromRevision === 0) fromRevision = page.revision;
      for (const kv of page.items)
        if (mayHaveRefs(kv.value) || mayBeFinalizing(kv.value)) observe(kv.key, kv.value, 'scan');
      if (!page.nextKey) break;
      startKey = page.nextKey;
    }
    if (stopped) return;
    watcher = store.watch('/registry/', fromRevision, {
      onEvent: (e) => observe(e.kv.key, e.kv.value, e.type),
      onClose: (reason) => log(`garbage collector: watch closed (${reason})`),
    });
  })().catch((e: unknown) => log(`garbage collector: cannot start: ${(e as Error).message}`));

  return {
    idle: async () => {
      await scanned;
      await queue.idle();
    },
    stop() {
      stopped = true;
      watcher?.cancel();
      queue.stop();
    },
  };
}
