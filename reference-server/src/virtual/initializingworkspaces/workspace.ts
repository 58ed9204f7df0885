// kcp's initializing workspaces virtual workspace, /services/initializingworkspaces/<initializer>/
// clusters/<x>/... (kcp pkg/virtual/initializingworkspaces): the LogicalClusters still
// Initializing with the initializer, for the controller that initializes workspaces of its type.
// Access needs `initialize` on that WorkspaceType.

import type { KubeObject } from '../../api/types.js';
import type { Authorizer } from '../../authz/authorizer.js';
import type { Store } from '../../storage/store.js';
import { initializerLabel, phaseLabel } from '../../tenancy/lifecycle-metadata.js';
import { lifecycleVirtualWorkspace } from '../lifecycle/lifecycle-workspace.js';
import type { VirtualWorkspace } from '../virtual-workspace.js';

export const initializingWorkspacesName = 'initializingworkspaces';

const phaseOf = (o: KubeObject) => (o.status as { phase?: string } | undefined)?.phase;

export function initializingWorkspacesVirtualWorkspace(o: {
  store: Store;
  authorize: Authorizer;
}): VirtualWorkspace {
  return lifecycleVirtualWorkspace(
    {
      noun: 'initializer',
      field: 'initializers',
      verb: 'initialize',
      // kcp forwarding.go: the phase label Initializing and the initializer's label.
      waitsFor(lc, initializer) {
        const labels = lc.metadata?.labels ?? {};
        const [key, value] = initializerLabel(initializer);
        return labels[phaseLabel] === 'Initializing' && labels[key] === value;
      },
      permissionsField: 'initializerPermissions',
      groupPrefix: 'system:kcp:initializer:',
      ownDiscovery: false,
      active: (lc) => phaseOf(lc) === 'Initializing',
    },
    o,
  );
}
