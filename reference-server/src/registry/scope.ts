// Where an operation happens: a resource type in one logical cluster (and namespace).

import { collectionPrefix, objectKey } from '../storage/keys.js';
import type { ResourceType } from './resource-type.js';

export interface Scope {
  type: ResourceType;
  cluster: string;
  /** Set for namespaced types when the request names a namespace. */
  namespace?: string;
}

export function keyFor(scope: Scope, name: string, namespace = scope.namespace): string {
  return objectKey(
    { group: scope.type.group, resource: scope.type.names.plural },
    scope.cluster,
    namespace,
    name,
  );
}

export function prefixFor(scope: Scope): string {
  return collectionPrefix(
    { group: scope.type.group, resource: scope.type.names.plural },
    scope.cluster,
    scope.namespace,
  );
}

export function qualifiedResource(scope: Scope): { group: string; resource: string } {
  return { group: scope.type.group, resource: scope.type.names.plural };
}
