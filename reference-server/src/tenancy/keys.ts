// Scopes of the tenancy objects, in one place.

import { logicalClusterName, logicalClusters } from '../registry/builtins/logicalclusters.js';
import { workspaceTypes, workspaces } from '../registry/builtins/tenancy.js';
import type { Scope } from '../registry/scope.js';

export const workspaceScope = (cluster: string): Scope => ({ type: workspaces, cluster });
export const workspaceTypeScope = (cluster: string): Scope => ({ type: workspaceTypes, cluster });
export const logicalClusterScope = (cluster: string): Scope => ({ type: logicalClusters, cluster });
export { logicalClusterName };
