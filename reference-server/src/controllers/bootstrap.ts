// What exists before the first request: the `root` logical cluster and its `default`
// namespace (kcp config/root-phase0 and config/root/namespace-default.yaml). Idempotent, so a
// restart on the same root directory changes nothing.

import { namespaces } from '../registry/builtins/namespaces.js';
import { logicalClusterKey } from '../registry/logical-cluster-key.js';
import { createObject } from '../registry/objects.js';
import { keyFor } from '../registry/scope.js';
import type { Store } from '../storage/store.js';

export const rootCluster = 'root';

export async function bootstrapRoot(store: Store): Promise<void> {
  const lcKey = logicalClusterKey(rootCluster);
  if (!(await store.get(lcKey))) {
    // The LogicalCluster type is served with the workspaces issue; its stored record already
    // defines which logical clusters exist, as in kcp.
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    try {
      await store.create(
        lcKey,
        JSON.stringify({
          apiVersion: 'core.kcp.io/v1alpha1',
          kind: 'LogicalCluster',
          metadata: {
            name: 'cluster',
            uid: crypto.randomUUID(),
            creationTimestamp: now,
            annotations: { 'kcp.io/path': rootCluster, 'internal.tenancy.kcp.io/type': 'root:root' },
          },
          spec: {},
          status: { phase: 'Ready', URL: '' },
        }),
      );
    } catch (e) {
      if ((e as Error).name !== 'KeyExistsError') throw e;
    }
  }
  if (!(await store.get(keyFor({ type: namespaces, cluster: rootCluster }, 'default')))) {
    await createObject(
      store,
      { type: namespaces, cluster: rootCluster },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'default' },
      },
    ).catch((e: { code?: number }) => {
      if (e.code !== 409) throw e;
    });
  }
}
