// CustomResourceDefinitions, per logical cluster, as kube's apiextensions controllers keep them:
// - naming: status.acceptedNames and the NamesAccepted condition, against the other CRDs of the
//   same group in the same cluster (a conflict there is NamesAccepted=False with kube's reason);
// - establishing: once the names are accepted, Established goes Installing → InitialNamesAccepted,
//   and only then does the catalog serve the resource (404 before);
// - finalizing: DELETE adds `customresourcecleanup.apiextensions.k8s.io`; every instance is then
//   deleted (finalizers of instances honoured) before the finalizer is removed.
// Level-triggered: one scan at start, then store events of the CRD collection of every cluster.

import type { KubeObject } from '../api/types.js';
import { calculateNames } from '../apiextensions/crd-names.js';
import {
  conditionOf,
  crdCleanupFinalizer,
  crdGroup,
  type CustomResourceDefinition,
  isEstablished,
} from '../apiextensions/crd-object.js';
import { crdResourceTypes } from '../apiextensions/crd-types.js';
import { customResourceDefinitions, setCondition } from '../registry/builtins/crds.js';
import { decodeObject } from '../registry/codec.js';
import { deleteObject, mutateObject } from '../registry/objects.js';
import { keyFor, type Scope } from '../registry/scope.js';
import { clusterOfKey, collectionPrefix, resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { informPrefix } from './informer.js';
import type { Controller } from './namespace-controller.js';
import { createWorkQueue } from './work-queue.js';

const crdResource = { group: crdGroup, resource: 'customresourcedefinitions' };

/** What another API group (apis.kcp.io) says about a cluster's CRDs. */
export interface CRDNamingHooks {
  /**
   * Names other sources already serve in `cluster` (the resources its APIBindings bound), as CRDs
   * whose acceptedNames are held: a CRD over them is never Established.
   */
  heldNames(cluster: string): Promise<CustomResourceDefinition[]>;
  /** Called before a CRD is first Established, to record that it owns its group-resource. */
  establishing(cluster: string, crd: CustomResourceDefinition): Promise<void>;
  /** Clusters whose CRDs are not checked against each other (kcp's system:bound-crds). */
  unchecked(cluster: string): boolean;
}

export async function startCRDController(options: {
  store: Store;
  log: (msg: string) => void;
  hooks?: CRDNamingHooks;
}): Promise<Controller> {
  const { store, log, hooks } = options;
  const queue = createWorkQueue((key) => reconcile(key), {
    onError: (key, e) => {
      log(`crd controller: ${key}: ${(e as Error).message}`);
      queue.addAfter(key, 1000);
    },
  });
  const keyOf = (storeKey: string) =>
    `${clusterOfKey(crdResource, storeKey)}/${storeKey.slice(storeKey.lastIndexOf('/') + 1)}`;

  /** Another CRD's names changed or went away: the CRDs of its group may now get theirs. */
  async function requeueGroup(cluster: string, group: string | undefined): Promise<void> {
    const list = await store.list(collectionPrefix(crdResource, cluster));
    for (const kv of list.items) {
      const crd = JSON.parse(kv.value) as CustomResourceDefinition;
      if (crd.spec?.group === group && conditionOf(crd, 'NamesAccepted')?.status !== 'True')
        queue.add(keyOf(kv.key));
    }
  }

  const watcher = await informPrefix(store, resourcePrefix(crdResource), (key, value, event) => {
    if (event?.type === 'delete') {
      const gone = JSON.parse(value) as CustomResourceDefinition;
      void requeueGroup(clusterOfKey(crdResource, key), gone.spec?.group).catch((e: Error) =>
        log(`crd controller: ${key}: ${e.message}`),
      );
      return;
    }
    queue.add(keyOf(key));
  });

  const scopeIn = (cluster: string): Scope => ({ type: customResourceDefinitions, cluster });

  async function reconcile(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const cluster = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const kv = await store.get(keyFor(scopeIn(cluster), name));
    if (!kv) return;
    const crd = decodeObject(kv, customResourceDefinitions, cluster) as CustomResourceDefinition;
    if (crd.metadata?.deletionTimestamp) return finalize(cluster, name, crd);

    const others = hooks?.unchecked(cluster)
      ? []
      : [
          ...(await store.list(collectionPrefix(crdResource, cluster))).items
            .map((item) => JSON.parse(item.value) as CustomResourceDefinition)
            .filter((o) => o.metadata?.name !== name && o.spec?.group === crd.spec?.group),
          ...((await hooks?.heldNames(cluster)) ?? []).filter((o) => o.spec?.group === crd.spec?.group),
        ];
    const naming = calculateNames(crd, others);
    const named = await mutateObject(store, scopeIn(cluster), name, (obj) => {
      const c = obj as CustomResourceDefinition;
      const status = (c.status ??= {});
      status.acceptedNames = naming.acceptedNames;
      setCondition(c, { type: 'NamesAccepted', ...naming.namesAccepted });
      const established = conditionOf(c, 'Established');
      if (established?.status !== 'True') {
        if (naming.namesAccepted.status === 'True')
          setCondition(c, {
            type: 'Established',
            status: 'False',
            reason: 'Installing',
            message: 'the initial names have been accepted',
          });
        else if (!established)
          setCondition(c, {
            type: 'Established',
            status: 'False',
            reason: 'NotAccepted',
            message: 'not all names are accepted',
          });
      }
      return JSON.stringify(c.status) !== JSON.stringify((crd as KubeObject).status);
    });
    if (!named || naming.namesAccepted.status !== 'True' || isEstablished(named as CustomResourceDefinition))
      return;
    // The establishing controller's step: the names are in status, so the endpoint may serve.
    if (!hooks?.unchecked(cluster)) await hooks?.establishing(cluster, named as CustomResourceDefinition);
    await mutateObject(store, scopeIn(cluster), name, (obj) => {
      const c = obj as CustomResourceDefinition;
      if (conditionOf(c, 'NamesAccepted')?.status !== 'True' || isEstablished(c)) return false;
      setCondition(c, {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      });
    });
  }

  /** Deletes every instance, then releases the CRD. Instances with finalizers are waited for. */
  async function finalize(cluster: string, name: string, crd: CustomResourceDefinition): Promise<void> {
    if (!(crd.metadata?.finalizers ?? []).includes(crdCleanupFinalizer)) return;
    const plural = crd.status?.acceptedNames?.plural || crd.spec?.names?.plural || '';
    const prefix = collectionPrefix({ group: crd.spec?.group ?? '', resource: plural }, cluster);
    const type =
      crdResourceTypes(crd, cluster).find((t) => t.storageVersion) ?? crdResourceTypes(crd, cluster)[0];
    const instances = plural ? (await store.list(prefix)).items : [];
    if (instances.length > 0) {
      await setTerminating(
        cluster,
        name,
        'True',
        'InstanceDeletionInProgress',
        'CustomResource deletion is in progress',
      );
      for (const item of instances) {
        if (!type) {
          await store.delete(item.key).catch(() => undefined);
          continue;
        }
        const rest = item.key.slice(prefix.length).split('/');
        const scope: Scope = { type, cluster, ...(rest.length > 1 ? { namespace: rest[0]! } : {}) };
        await deleteObject(store, scope, rest[rest.length - 1]!).catch((e: { code?: number }) => {
          if (e.code !== 404) throw e;
        });
      }
      if ((await store.count(prefix)) > 0) {
        // Instances held by their own finalizers: look again shortly.
        queue.addAfter(`${cluster}/${name}`, 1000);
        return;
      }
    }
    await mutateObject(store, scopeIn(cluster), name, (obj) => {
      setCondition(obj as CustomResourceDefinition, {
        type: 'Terminating',
        status: 'False',
        reason: 'InstanceDeletionCompleted',
        message: 'removed all instances',
      });
      obj.metadata!.finalizers = (obj.metadata!.finalizers ?? []).filter((f) => f !== crdCleanupFinalizer);
    });
  }

  async function setTerminating(
    cluster: string,
    name: string,
    status: 'True' | 'False',
    reason: string,
    message: string,
  ): Promise<void> {
    await mutateObject(store, scopeIn(cluster), name, (obj) => {
      const c = obj as CustomResourceDefinition;
      const current = conditionOf(c, 'Terminating');
      if (current?.status === status && current.reason === reason) return false;
      setCondition(c, { type: 'Terminating', status, reason, message });
    });
  }

  return {
    idle: () => queue.idle(),
    stop() {
      watcher.cancel();
      queue.stop();
    },
  };
}
