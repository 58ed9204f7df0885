// Workspace paths to logical cluster names. A path starts at a logical cluster name (usually
// `root`) and each further segment is a Workspace in the cluster reached so far (kcp
// pkg/index/index.go Lookup). `user:<name>` starts at that user's home cluster
// (pkg/index/rewriters/user.go). Workspaces without spec.cluster (still Scheduling) do not
// resolve. Each step is one store read; there is no index to keep in memory per workspace.

import type { WorkspaceSpec } from '../registry/builtins/tenancy.js';
import { keyFor } from '../registry/scope.js';
import type { Store } from '../storage/store.js';
import { homeClusterName } from './cluster-names.js';
import { workspaceScope } from './keys.js';

export async function resolveClusterPath(store: Store, path: string): Promise<string | undefined> {
  if (path.startsWith('system:') || !path.includes(':')) return path;
  const segments = path.split(':');
  let cluster = segments[0]!;
  let rest = segments.slice(1);
  if (cluster === 'user') {
    cluster = homeClusterName(rest[0]!);
    rest = rest.slice(1);
  }
  for (const name of rest) {
    const kv = await store.get(keyFor(workspaceScope(cluster), name));
    if (!kv) return undefined;
    const spec = (JSON.parse(kv.value) as { spec?: WorkspaceSpec }).spec;
    if (!spec?.cluster) return undefined;
    cluster = spec.cluster;
  }
  return cluster;
}
