// Where a logical cluster's LogicalCluster object (always named `cluster`) is stored. Its
// presence is what makes a logical cluster exist (kcp: the workspace content authorizer
// refuses clusters without one).

import { objectKey } from '../storage/keys.js';

export function logicalClusterKey(cluster: string): string {
  return objectKey({ group: 'core.kcp.io', resource: 'logicalclusters' }, cluster, undefined, 'cluster');
}
