// WorkspaceType status (kcp pkg/reconciler/tenancy/workspacetype): kcp publishes the URLs of the
// initializing/terminating virtual workspaces per shard and a summary `Ready` condition, which
// clients (kcp's own e2e helpers among them) wait for before using a new type. We do not serve
// those virtual workspaces yet, so we publish no URLs and no VirtualWorkspaceURLsReady; the type
// is usable as soon as it is stored, which `Ready` says.

import { workspaceTypes } from '../registry/builtins/tenancy.js';
import { mutateObject } from '../registry/objects.js';
import { resourcePrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { setCondition } from './conditions.js';
import { clusterOfObjectKey, informPrefix } from './informer.js';
import type { Controller } from './namespace-controller.js';
import { createWorkQueue } from './work-queue.js';

export async function startWorkspaceTypeController(o: {
  store: Store;
  log: (msg: string) => void;
}): Promise<Controller> {
  const { store, log } = o;
  const queue = createWorkQueue(
    async (key) => {
      const slash = key.indexOf('/');
      await mutateObject(
        store,
        { type: workspaceTypes, cluster: key.slice(0, slash) },
        key.slice(slash + 1),
        (t) => {
          const status = (t.status ??= {}) as { conditions?: Parameters<typeof setCondition>[0] };
          if (status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return false;
          status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'True' });
        },
      );
    },
    {
      onError: (key, e) => {
        log(`workspacetype controller: ${key}: ${(e as Error).message}`);
        queue.addAfter(key, 1000);
      },
    },
  );
  const watcher = await informPrefix(
    store,
    resourcePrefix({ group: 'tenancy.kcp.io', resource: 'workspacetypes' }),
    (key, _v, e) => {
      if (e?.type !== 'delete')
        queue.add(`${clusterOfObjectKey(key)}/${key.slice(key.lastIndexOf('/') + 1)}`);
    },
  );
  return {
    idle: () => queue.idle(),
    stop() {
      watcher.cancel();
      queue.stop();
    },
  };
}
