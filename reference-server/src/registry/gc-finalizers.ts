// The finalizers through which a DELETE hands work to the garbage collector
// (metav1.FinalizerOrphanDependents / FinalizerDeleteDependents) and how the delete options
// set them (registry/generic/registry/store.go deletionFinalizersForGarbageCollection).

import { type DeleteOptions, requestedPolicy } from './delete-options.js';

export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

/**
 * The finalizers an object gets when it is deleted with `options`: an explicit policy replaces
 * any GC finalizer already there (Orphan adds `orphan`, Foreground adds `foregroundDeletion`,
 * Background neither); without one the object keeps what it has, or gets `orphan` from a type
 * whose default policy orphans. Types with policy 'Unsupported' never keep either.
 */
export function finalizersOnDelete(
  finalizers: readonly string[],
  options: DeleteOptions,
  typePolicy: 'DeleteDependents' | 'OrphanDependents' | 'Unsupported' = 'DeleteDependents',
): string[] {
  const others = finalizers.filter((f) => f !== orphanFinalizer && f !== foregroundFinalizer);
  // Such types drop GC finalizers they were created with (both 'should' answers are false).
  if (typePolicy === 'Unsupported') return others;
  const policy = requestedPolicy(options);
  if (policy === undefined) {
    const hasGC = others.length !== finalizers.length;
    if (hasGC || typePolicy !== 'OrphanDependents') return [...finalizers];
    return [...others, orphanFinalizer];
  }
  if (policy === 'Orphan') return [...others, orphanFinalizer];
  if (policy === 'Foreground') return [...others, foregroundFinalizer];
  return others;
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
