// kcp's terminating workspaces virtual workspace, /services/terminatingworkspaces/<terminator>/
// clusters/<x>/... (kcp pkg/virtual/terminatingworkspaces): the deleted LogicalClusters still
// waiting for the terminator, for the controller that cleans up after workspaces of its type.
// Access needs `terminate` on that WorkspaceType.

import type { KubeObject } from '../../api/types.js';
import type { Authorizer } from '../../authz/authorizer.js';
import type { Store } from '../../storage/store.js';
import { terminatorLabel } from '../../tenancy/lifecycle-metadata.js';
import { lifecycleVirtualWorkspace } from '../lifecycle/lifecycle-workspace.js';
import type { VirtualWorkspace } from '../virtual-workspace.js';

export const terminatingWorkspacesName = 'terminatingworkspaces';

function labelled(lc: KubeObject, terminator: string): boolean {
  const [key, value] = terminatorLabel(terminator);
  return lc.metadata?.labels?.[key] === value;
}

export function terminatingWorkspacesVirtualWorkspace(o: {
  store: Store;
  authorize: Authorizer;
}): VirtualWorkspace {
  return lifecycleVirtualWorkspace(
    {
      noun: 'terminator',
      field: 'terminators',
      verb: 'terminate',
      // kcp forwarding.go: the terminator's label, selected in storage, and a deletionTimestamp,
      // checked after; so in a watch a deletion is MODIFIED and the terminator's removal DELETED.
      waitsFor: (lc, terminator) => !!lc.metadata?.deletionTimestamp && labelled(lc, terminator),
      watchSelects: labelled,
      permissionsField: 'terminatorPermissions',
      groupPrefix: 'system:kcp:terminator:',
      ownDiscovery: true,
      active: (lc) => !!lc.metadata?.deletionTimestamp,
    },
    o,
  );
}
