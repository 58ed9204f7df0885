// Which APIExports carry an identity hash, for the maximal permission policy of claimed
// resources (kcp indexes its APIExport informer by identity, indexers.APIExportByIdentity).
// Exports are few next to workspaces: the index is rebuilt from one scan when it is older than
// `ttlMs` and a request needs it, so an export created or deleted counts within that time.

import { apiExports } from '../../apis/system-types.js';
import type { APIExport } from '../../apis/types.js';
import { decodeObject } from '../../registry/codec.js';
import { storageOf } from '../../registry/scope.js';
import { clusterOfKey, resourcePrefix } from '../../storage/keys.js';
import type { Store } from '../../storage/store.js';

export interface IdentityOwner {
  cluster: string;
  export: APIExport;
}

export type ExportsByIdentity = (identityHash: string) => Promise<readonly IdentityOwner[]>;

export function createExportsByIdentity(store: Store, ttlMs = 2000): ExportsByIdentity {
  let index: Map<string, IdentityOwner[]> | undefined;
  let builtAt = 0;
  let building: Promise<Map<string, IdentityOwner[]>> | undefined;

  async function build(): Promise<Map<string, IdentityOwner[]>> {
    const storage = storageOf(apiExports);
    const list = await store.list(resourcePrefix(storage));
    const next = new Map<string, IdentityOwner[]>();
    for (const kv of list.items) {
      const cluster = clusterOfKey(storage, kv.key);
      const exp = decodeObject(kv, apiExports, cluster) as APIExport;
      const hash = exp.status?.identityHash;
      if (!hash) continue;
      const owners = next.get(hash) ?? [];
      owners.push({ cluster, export: exp });
      next.set(hash, owners);
    }
    return next;
  }

  return async (identityHash) => {
    if (!index || Date.now() - builtAt > ttlMs) {
      // Concurrent requests share one scan.
      building ??= build().finally(() => (building = undefined));
      const started = Date.now();
      index = await building;
      builtAt = started;
    }
    return index.get(identityHash) ?? [];
  };
}
