// What every namespace gets in kcp, as in Kubernetes (kcp runs the upstream service-account and
// root-CA publisher controllers, pkg/server/controllers.go): ServiceAccount `default` and
// ConfigMap `kube-root-ca.crt` whose `ca.crt` is the CA clients should trust. Recreated when
// deleted, as upstream does, while the namespace is active.

import type { KubeObject } from '../api/types.js';
import { configmaps } from '../registry/builtins/configmaps.js';
import { namespaces } from '../registry/builtins/namespaces.js';
import type { Catalog } from '../registry/catalog.js';
import { decodeObject } from '../registry/codec.js';
import { createObject } from '../registry/objects.js';
import { keyFor } from '../registry/scope.js';
import { resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { clusterOfObjectKey, informPrefix } from './informer.js';
import type { Controller } from './namespace-controller.js';
import { createWorkQueue } from './work-queue.js';

export const rootCAConfigMap = 'kube-root-ca.crt';

export async function startNamespaceDefaultsController(o: {
  store: Store;
  catalog: Catalog;
  caPem: string;
  log: (msg: string) => void;
}): Promise<Controller> {
  const { store, catalog, caPem, log } = o;
  const queue = createWorkQueue((key) => reconcile(key), {
    concurrency: 4,
    onError: (key, e) => {
      log(`namespace defaults controller: ${key}: ${(e as Error).message}`);
      queue.addAfter(key, 1000);
    },
  });
  const nameOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);
  const watchers = [
    await informPrefix(store, resourcePrefix({ group: '', resource: 'namespaces' }), (key, _v, e) => {
      if (e?.type !== 'delete') queue.add(`${clusterOfObjectKey(key)}/${nameOf(key)}`);
    }),
    // A deleted default is put back (both controllers in Kubernetes watch their objects too).
    ...(await Promise.all(
      ['configmaps', 'serviceaccounts'].map(async (resource) =>
        store.watch(resourcePrefix({ group: '', resource }), await store.currentRevision(), {
          onEvent: (e) => {
            if (e.type !== 'delete') return;
            const name = nameOf(e.kv.key);
            if (name !== rootCAConfigMap && name !== 'default') return;
            const parts = e.kv.key.split('/'); // /registry/core/<resource>/<cluster>/<ns>/<name>
            queue.add(`${parts[4]}/${parts[5]}`);
          },
        }),
      ),
    )),
  ];

  async function ensure(create: () => Promise<KubeObject>): Promise<void> {
    await create().catch((e: { code?: number }) => {
      // 409: already there; 403/404: the namespace is terminating or gone.
      if (e.code !== 409 && e.code !== 403 && e.code !== 404) throw e;
    });
  }

  async function reconcile(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const cluster = key.slice(0, slash);
    const namespace = key.slice(slash + 1);
    const kv = await store.get(keyFor({ type: namespaces, cluster }, namespace));
    if (!kv || decodeObject(kv, namespaces, cluster).metadata?.deletionTimestamp) return;
    const scope = { cluster, namespace };
    if (!(await store.get(keyFor({ ...scope, type: configmaps }, rootCAConfigMap))))
      await ensure(() =>
        createObject(
          store,
          { ...scope, type: configmaps },
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name: rootCAConfigMap,
              annotations: {
                'kubernetes.io/description':
                  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
              },
            },
            data: { 'ca.crt': caPem },
          },
        ),
      );
    const serviceAccounts = await catalog.resolve(cluster, '', 'v1', 'serviceaccounts');
    if (serviceAccounts && !(await store.get(keyFor({ ...scope, type: serviceAccounts }, 'default'))))
      await ensure(() =>
        createObject(
          store,
          { ...scope, type: serviceAccounts },
          { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
        ),
      );
  }

  return {
    idle: () => queue.idle(),
    stop() {
      for (const w of watchers) w.cancel();
      queue.stop();
    },
  };
}
