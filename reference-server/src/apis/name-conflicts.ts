// kcp's naming conflict check of a binding (pkg/reconciler/apis/apibinding/conflict_checker.go):
// a schema may not take a name (plural, singular, short names; kind, list kind) that another
// binding's bound resource or a CRD of the same group already holds in the workspace, even when
// its group-resource is free. The first conflict, in order of the CRDs' UIDs, is reported.

import type { CustomResourceDefinition } from '../apiextensions/crd-object.js';
import type { APIResourceSchema } from './types.js';

export interface NameHolder {
  crd: CustomResourceDefinition;
  /** Set when the CRD serves another binding: its name and export reference. */
  binding?: { name: string; path?: string; exportName: string };
}

function namesConflict(existing: CustomResourceDefinition, incoming: APIResourceSchema): string | undefined {
  if (existing.spec?.group !== incoming.spec.group) return undefined;
  const accepted = existing.status?.acceptedNames ?? {};
  const names = new Set<string | undefined>(
    [accepted.plural, accepted.singular, ...(accepted.shortNames ?? [])].filter((n) => n !== undefined),
  );
  const wanted = incoming.spec.names;
  if (names.has(wanted.plural)) return `spec.names.plural=${wanted.plural} is forbidden`;
  if (names.has(wanted.singular)) return `spec.names.singular=${wanted.singular} is forbidden`;
  if ((wanted.shortNames ?? []).some((s) => names.has(s)))
    return `spec.names.shortNames=[${(wanted.shortNames ?? []).join(' ')}] is forbidden`;
  const kinds = new Set<string | undefined>(
    [accepted.kind, accepted.listKind].filter((n) => n !== undefined),
  );
  if (kinds.has(wanted.kind)) return `spec.names.kind=${wanted.kind} is forbidden`;
  if (kinds.has(wanted.listKind)) return `spec.names.listKind=${wanted.listKind} is forbidden`;
  return undefined;
}

/** The conflict message kcp reports (after "Unable to bind APIs: "), or undefined. */
export function namingConflict(
  holders: readonly NameHolder[],
  binding: string,
  schema: APIResourceSchema,
): string | undefined {
  const sorted = [...holders].sort((a, b) => {
    const x = a.crd.metadata?.uid ?? '';
    const y = b.crd.metadata?.uid ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (const holder of sorted) {
    if (holder.binding?.name === binding) continue;
    const details = namesConflict(holder.crd, schema);
    if (!details) continue;
    if (!holder.binding)
      return `naming conflict with CustomResourceDefinition "${holder.crd.metadata?.name ?? ''}": ${details}`;
    const b = holder.binding;
    const boundTo = b.path ? `APIExport ${b.path}:${b.exportName}` : `local APIExport "${b.exportName}"`;
    return `naming conflict with APIBinding "${b.name}" bound to ${boundTo}: ${details}`;
  }
  return undefined;
}
