// kcp's APIExport virtual workspace, /services/apiexport/<export cluster>/<export name>/clusters/<x>:
// the export's resources in every bound consumer (`*`) or in one (a logical cluster name), for
// the provider's controllers (kcp pkg/virtual/apiexport). Served by the same handler chain as
// every request, with the export's types (export-view.ts) and authorization (authorizer.ts).

import type { Authorizer } from '../../authz/authorizer.js';
import type { ResourceType } from '../../registry/resource-type.js';
import type { Store } from '../../storage/store.js';
import type { VirtualWorkspace } from '../virtual-workspace.js';
import { apiExportAuthorizer } from './authorizer.js';
import { createExportsByIdentity } from './exports-by-identity.js';
import { createExportViews } from './export-view.js';

export const apiExportVirtualWorkspaceName = 'apiexport';

export function apiExportVirtualWorkspace(o: {
  store: Store;
  authorize: Authorizer;
  /** RBAC of a logical cluster without its workspace gates, for maximal permission policies. */
  rbacOnly: Authorizer;
}): VirtualWorkspace {
  const views = createExportViews(o.store, { maxSchemas: 4096 });
  const deps = {
    store: o.store,
    server: o.authorize,
    rbacOnly: o.rbacOnly,
    exportsByIdentity: createExportsByIdentity(o.store),
  };
  return {
    async resolve([exportCluster, exportName]) {
      // An unknown export serves nothing, but the caller is still authorized first, as on kcp:
      // without access to the export's workspace it is a 403 there; kcp then answers a 500 ("API
      // export not found"), where a client's mistake is a 404 here (routes answer no types so).
      const view =
        (await views.viewOf(exportCluster!, exportName!)) ?? views.missing(exportCluster!, exportName!);
      const types = view.types;
      const pathOf = (t: ResourceType) => `${t.group}/${t.version}/${t.names.plural}`;
      const byPath = new Map(types.map((t) => [pathOf(t), t]));
      return {
        catalog: {
          typesFor: async () => types,
          resolve: async (_cluster, group, version, plural) => byPath.get(`${group}/${version}/${plural}`),
        },
        authorize: apiExportAuthorizer(deps, view),
      };
    },
  };
}
