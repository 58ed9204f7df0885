// Deleting everything of some types in one logical cluster (or one namespace of it), as the
// namespace controller and logical cluster deletion both need: every object gets a DELETE
// (those with finalizers or graceful deletion are only marked), and the count of what is still
// stored afterwards tells the caller whether to wait for finalizers.

import type { Catalog } from '../registry/catalog.js';
import { deleteObject, listObjects } from '../registry/objects.js';
import type { ResourceType } from '../registry/resource-type.js';
import { prefixFor, type Scope } from '../registry/scope.js';
import type { Store } from '../storage/store.js';

export interface ContentSelection {
  cluster: string;
  /** Only this namespace's objects (namespaced types only). */
  namespace?: string;
  /** Types to leave alone (e.g. the LogicalCluster itself). */
  except?: (type: ResourceType) => boolean;
}

async function typesOf(catalog: Catalog, sel: ContentSelection): Promise<ResourceType[]> {
  return (await catalog.typesFor(sel.cluster)).filter(
    (t) =>
      t.storageVersion && !t.review && !(sel.namespace !== undefined && !t.namespaced) && !sel.except?.(t),
  );
}

function scopeOf(type: ResourceType, sel: ContentSelection): Scope {
  return { type, cluster: sel.cluster, ...(sel.namespace !== undefined ? { namespace: sel.namespace } : {}) };
}

/** Issues the deletions and returns how many objects are still stored afterwards. */
export async function deleteContent(store: Store, catalog: Catalog, sel: ContentSelection): Promise<number> {
  const types = await typesOf(catalog, sel);
  let seen = 0;
  for (const type of types) {
    const page = await listObjects(store, scopeOf(type, sel), () => true);
    for (const obj of page.items) {
      seen++;
      if (obj.metadata?.deletionTimestamp) continue;
      const scope = {
        ...scopeOf(type, sel),
        ...(type.namespaced ? { namespace: obj.metadata?.namespace ?? '' } : {}),
      };
      await deleteObject(store, scope, obj.metadata?.name ?? '').catch((e: { code?: number }) => {
        if (e.code !== 404) throw e;
      });
    }
  }
  if (seen === 0) return 0;
  // Deletions just issued may have finished at once; count what is really left.
  let left = 0;
  for (const type of types) left += await store.count(prefixFor(scopeOf(type, sel)));
  return left;
}
