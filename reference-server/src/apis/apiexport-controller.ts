// APIExports (kcp pkg/reconciler/apis/apiexport): an export without spec.identity gets the
// identity Secret kcp-system/<name> (created with a random key when missing, the namespace too)
// and spec.identity.secretRef pointing at it; then status.identityHash is the SHA-256 of the key,
// checked against the Secret on every pass (IdentityValid), and the APIExportEndpointSlice of the
// same name exists unless the export asks otherwise. Level-triggered: a scan at start, then every
// export and identity Secret event.

import type { KubeObject } from '../api/types.js';
import { setCondition } from '../controllers/conditions.js';
import { clusterNameKey, informPrefix } from '../controllers/informer.js';
import type { Controller } from '../controllers/namespace-controller.js';
import { createWorkQueue } from '../controllers/work-queue.js';
import { namespaces } from '../registry/builtins/namespaces.js';
import { secrets } from '../registry/builtins/secrets.js';
import { createObject, getObject, mutateObject } from '../registry/objects.js';
import { resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { pathAnnotation } from '../tenancy/workspace-types.js';
import { identityHash, newIdentityKey } from './hashes.js';
import { identitySecretKey, identitySecretNamespace, skipEndpointSliceAnnotation } from './names.js';
import { apiExportEndpointSlices, apiExports } from './system-types.js';
import type { APIExport } from './types.js';

const ignoreConflict = (e: { code?: number }) => {
  if (e.code !== 409) throw e;
};

export async function startAPIExportController(o: {
  store: Store;
  log: (msg: string) => void;
}): Promise<Controller> {
  const { store, log } = o;
  const queue = createWorkQueue((key) => reconcile(key), {
    onError: (key, e) => {
      log(`apiexport controller: ${key}: ${(e as Error).message}`);
      queue.addAfter(key, 1000);
    },
  });

  async function ensureIdentitySecret(cluster: string, name: string): Promise<void> {
    const scope = { type: secrets, cluster, namespace: identitySecretNamespace };
    if (await getObject(store, scope, name).catch(() => undefined)) return;
    await createObject(
      store,
      { type: namespaces, cluster },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: identitySecretNamespace },
      },
    ).catch(ignoreConflict);
    await createObject(store, scope, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: identitySecretNamespace },
      data: { [identitySecretKey]: Buffer.from(newIdentityKey()).toString('base64') },
    }).catch(ignoreConflict);
  }

  /** The hash of the referenced Secret's key, or why there is none. */
  async function hashOf(
    cluster: string,
    ref: { namespace?: string; name?: string },
  ): Promise<string | Error> {
    const secret = await getObject(
      store,
      { type: secrets, cluster, namespace: ref.namespace ?? '' },
      ref.name ?? '',
    ).catch((e: Error) => e);
    if (secret instanceof Error) return secret;
    const key = (secret.data as Record<string, string> | undefined)?.[identitySecretKey];
    if (!key) return new Error(`secret is missing data.${identitySecretKey}`);
    return identityHash(Buffer.from(key, 'base64'));
  }

  async function reconcile(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const cluster = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const scope = { type: apiExports, cluster };
    const current = (await getObject(store, scope, name).catch(() => undefined)) as APIExport | undefined;
    if (!current || current.metadata?.deletionTimestamp) return;

    const ref = current.spec?.identity?.secretRef;
    if (!ref?.name) {
      await ensureIdentitySecret(cluster, name);
      await mutateObject(store, scope, name, (obj) => {
        const spec = ((obj as APIExport).spec ??= {});
        if (spec.identity?.secretRef?.name) return false;
        spec.identity = { ...(spec.identity ?? {}), secretRef: { namespace: identitySecretNamespace, name } };
        // A spec change, as kcp's controller makes it through the API: the generation moves.
        obj.metadata!.generation = (obj.metadata?.generation ?? 1) + 1;
      });
      return; // the write brings the export back with its reference
    }
    const hash = await hashOf(cluster, ref);
    await mutateObject(store, { ...scope }, name, (obj) => {
      const status = ((obj as APIExport).status ??= {});
      const before = JSON.stringify(status);
      if (typeof hash === 'string' && !status.identityHash) status.identityHash = hash;
      const problem =
        typeof hash !== 'string'
          ? hash.message
          : hash !== status.identityHash
            ? `hash mismatch: identity secret hash "${hash}" must match status.identityHash "${status.identityHash}"`
            : undefined;
      status.conditions = setCondition(
        status.conditions,
        problem
          ? {
              type: 'IdentityValid',
              status: 'False',
              severity: 'Error',
              reason: 'IdentityVerificationFailed',
              message: problem,
            }
          : { type: 'IdentityValid', status: 'True' },
      );
      if (JSON.stringify(status) === before) return false;
    }).then(undefined, (e: Error) => log(`apiexport controller: ${key}: status: ${e.message}`));

    if (current.metadata?.annotations?.[skipEndpointSliceAnnotation] === undefined)
      await ensureEndpointSlice(cluster, current);
  }

  async function ensureEndpointSlice(cluster: string, apiExport: APIExport): Promise<void> {
    const name = apiExport.metadata?.name ?? '';
    const scope = { type: apiExportEndpointSlices, cluster };
    if (await getObject(store, scope, name).catch(() => undefined)) return;
    const path = apiExport.metadata?.annotations?.[pathAnnotation];
    const slice: KubeObject = {
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIExportEndpointSlice',
      metadata: {
        name,
        ownerReferences: [
          { apiVersion: 'apis.kcp.io/v1alpha1', kind: 'APIExport', name, uid: apiExport.metadata?.uid ?? '' },
        ],
      },
      spec: { export: { name, ...(path ? { path } : {}) } },
    };
    await createObject(store, scope, slice).catch(ignoreConflict);
  }

  const keyOf = clusterNameKey;
  const exportsWatcher = await informPrefix(
    store,
    resourcePrefix({ group: 'apis.kcp.io', resource: 'apiexports' }),
    (key, _v, e) => {
      if (e?.type !== 'delete') queue.add(keyOf(key));
    },
  );
  // The identity Secret changing (or going) is re-verified: exports name theirs kcp-system/<name>.
  const secretsWatcher = await informPrefix(
    store,
    resourcePrefix({ group: '', resource: 'secrets' }),
    (key) => {
      const parts = key.split('/');
      if (parts[5] === identitySecretNamespace) queue.add(`${parts[4]}/${parts[6]}`);
    },
  );
  return {
    idle: () => queue.idle(),
    stop() {
      exportsWatcher.cancel();
      secretsWatcher.cancel();
      queue.stop();
    },
  };
}
