// Kubernetes' NamespaceLifecycle admission (plugin/pkg/admission/namespace/lifecycle): content
// may only be created in a namespace that exists and is not terminating, and the immortal
// namespaces cannot be deleted (kcp's e2e asserts 403 for deleting `default`).

import { ApiError, failure, forbidden, notFound } from '../api/status.js';
import { namespaces } from '../registry/builtins/namespaces.js';
import type { Store } from '../storage/store.js';
import { keyFor } from '../registry/scope.js';
import type { AdmissionPlugin } from './admission.js';

const immortal = new Set(['default', 'kube-system', 'kube-public']);

export function namespaceLifecycle(store: Store): AdmissionPlugin {
  return async (r) => {
    const t = r.scope.type;
    if (t === namespaces && r.operation === 'delete' && immortal.has(r.name))
      throw forbidden(`namespaces "${r.name}" is forbidden: this namespace may not be deleted`, {
        name: r.name,
        group: '',
        kind: 'namespaces',
      });
    if (!t.namespaced || r.operation !== 'create') return;
    const ns = r.object?.metadata?.namespace ?? r.scope.namespace ?? '';
    const kv = await store.get(keyFor({ type: namespaces, cluster: r.scope.cluster }, ns));
    if (!kv) throw notFound({ group: '', resource: 'namespaces' }, ns);
    const stored = JSON.parse(kv.value) as { metadata?: { deletionTimestamp?: string } };
    if (stored.metadata?.deletionTimestamp) {
      const message = `unable to create new content in namespace ${ns} because it is being terminated`;
      const qualified = t.group ? `${t.names.plural}.${t.group}` : t.names.plural;
      throw new ApiError(
        failure(403, 'Forbidden', `${qualified} "${r.name}" is forbidden: ${message}`, {
          name: r.name,
          group: t.group,
          kind: t.names.plural,
          causes: [{ reason: 'NamespaceTerminating', message, field: 'metadata.namespace' }],
        }),
      );
    }
  };
}
