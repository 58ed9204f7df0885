// Where an operation happens: a resource type in one logical cluster (and namespace).

import { clusterOfKey, collectionPrefix, objectKey, resourcePrefix } from '../storage/keys.js';
import type { ResourceType, StorageLocation } from './resource-type.js';

/** The cluster of a wildcard scope: every logical cluster (kcp's `/clusters/*`). */
export const allClusters = '*';

export interface Scope {
  type: ResourceType;
  /** A logical cluster name, or allClusters for wildcard list and watch. */
  cluster: string;
  /** Set for namespaced types when the request names a namespace. */
  namespace?: string;
}

/** Where a type's objects are stored: its own group/resource unless it shares another's. */
export function storageOf(type: ResourceType): StorageLocation {
  return type.storage ?? { group: type.group, resource: type.names.plural };
}

export function keyFor(scope: Scope, name: string, namespace = scope.namespace): string {
  return objectKey(storageOf(scope.type), scope.cluster, namespace, name);
}

/**
 * The key prefix of a scope. A wildcard scope spans every cluster; its namespace (if any) is
 * then a filter (filterWildcardNamespace), since the cluster comes first in keys.
 */
export function prefixFor(scope: Scope): string {
  if (scope.cluster === allClusters) return resourcePrefix(storageOf(scope.type));
  return collectionPrefix(storageOf(scope.type), scope.cluster, scope.namespace);
}

export function qualifiedResource(scope: Scope): { group: string; resource: string } {
  return { group: scope.type.group, resource: scope.type.names.plural };
}

/** The logical cluster an object read under `scope` belongs to. */
export function clusterOf(scope: Scope, key: string): string {
  return scope.cluster === allClusters ? clusterOfKey(storageOf(scope.type), key) : scope.cluster;
}
