// WorkspaceType status (kcp pkg/reconciler/tenancy/workspacetype): kcp publishes the URLs of the
// initializing/terminating virtual workspaces per shard, VirtualWorkspaceURLsReady and a summary
// `Ready` condition, which clients (kcp's own e2e helpers among them) wait for before using a new
// type. The one shard here publishes, for every type as kcp does, the initializing and terminating
// workspaces URLs (`<shard>/services/{initializing,terminating}workspaces/<type's cluster>:<type>`).

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
  /** The shard's URL, which virtual workspace URLs start with. */
  externalURL: string;
  log: (msg: string) => void;
}): Promise<Controller> {
  const { store, log } = o;
  const queue = createWorkQueue(
    async (key) => {
      const slash = key.indexOf('/');
      const cluster = key.slice(0, slash);
      const name = key.slice(slash + 1);
      const urls = [
        { type: 'initializing', url: `${o.externalURL}/services/initializingworkspaces/${cluster}:${name}` },
        { type: 'terminating', url: `${o.externalURL}/services/terminatingworkspaces/${cluster}:${name}` },
      ];
      await mutateObject(store, { type: workspaceTypes, cluster }, name, (t) => {
        const status = (t.status ??= {}) as {
          conditions?: Parameters<typeof setCondition>[0];
          virtualWorkspaces?: { type: string; url: string }[];
        };
        const ready = (type: string) =>
          status.conditions?.some((c) => c.type === type && c.status === 'True');
        if (
          ready('Ready') &&
          ready('VirtualWorkspaceURLsReady') &&
          JSON.stringify(status.virtualWorkspaces) === JSON.stringify(urls)
        )
          return false;
        status.virtualWorkspaces = urls;
        status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'True' });
        status.conditions = setCondition(status.conditions, {
          type: 'VirtualWorkspaceURLsReady',
          status: 'True',
        });
      });
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
