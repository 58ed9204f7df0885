// ResourceQuota admission for object counts (plugin/pkg/admission/resourcequota, with kcp's
// generic count evaluators): creating an object in a namespace whose quota limits
// `count/<resource>[.<group>]` is refused with 403 once the namespace holds that many. The count
// is taken live from the store, so concurrent creates may both pass (kube serialises them
// through the quota's status; see README "Not supported yet").

import { forbidden } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { countInNamespace, countedResource } from '../controllers/resourcequota-controller.js';
import { parseQuantity, quantityUnits } from '../registry/builtins/quantity.js';
import { storageOf } from '../registry/scope.js';
import { collectionPrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import type { AdmissionPlugin } from './admission.js';

export function resourceQuotaAdmission(store: Store): AdmissionPlugin {
  return async (r) => {
    const t = r.scope.type;
    if (r.operation !== 'create' || !t.namespaced || t.review) return;
    const namespace = r.object?.metadata?.namespace ?? r.scope.namespace ?? '';
    if (!namespace) return;
    const quotas = await store.list(
      collectionPrefix({ group: '', resource: 'resourcequotas' }, r.scope.cluster, namespace),
    );
    if (quotas.items.length === 0) return;
    const counted = `count/${t.group === '' ? t.names.plural : `${t.names.plural}.${t.group}`}`;
    for (const kv of quotas.items) {
      const quota = JSON.parse(kv.value) as KubeObject;
      const hard = ((quota.spec ?? {}) as { hard?: Record<string, string> }).hard ?? {};
      const limit = hard[counted];
      const q = limit === undefined ? undefined : parseQuantity(limit);
      if (!q || !countedResource(counted)) continue;
      const used = await countInNamespace(store, storageOf(t), r.scope.cluster, namespace);
      if (BigInt(used) + 1n <= quantityUnits(q)) continue;
      const qualified = t.group ? `${t.names.plural}.${t.group}` : t.names.plural;
      throw forbidden(
        `${qualified} "${r.name}" is forbidden: exceeded quota: ${quota.metadata?.name ?? ''}, requested: ${counted}=1, used: ${counted}=${used}, limited: ${counted}=${limit}`,
        { name: r.name, group: t.group, kind: t.names.plural },
      );
    }
  };
}
