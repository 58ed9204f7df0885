// WorkspaceType lookup and what a type implies, as kcp's admission and scheduler compute it
// (pkg/admission/workspacetypeexists/admission.go, pkg/reconciler/tenancy/workspace/
// workspace_reconcile_scheduling.go, sdk/apis/tenancy/initialization/utils.go).

import type { TypeReference, WorkspaceTypeSpec } from '../registry/builtins/tenancy.js';
import { keyFor } from '../registry/scope.js';
import type { Store } from '../storage/store.js';
import { workspaceTypeScope } from './keys.js';
import { resolveClusterPath } from './paths.js';

export interface ResolvedType {
  /** Logical cluster holding the WorkspaceType. */
  cluster: string;
  /** Workspace path of that cluster (what spec.type.path shows). */
  path: string;
  name: string;
  spec: WorkspaceTypeSpec;
}

/** Annotation on a LogicalCluster naming its type as `<path>:<name>`. */
export const typeAnnotation = 'internal.tenancy.kcp.io/type';
export const pathAnnotation = 'kcp.io/path';

export function parseTypeAnnotation(value: string | undefined): TypeReference | undefined {
  if (!value) return undefined;
  const i = value.lastIndexOf(':');
  return i < 0 ? { name: value } : { path: value.slice(0, i), name: value.slice(i + 1) };
}

async function load(store: Store, path: string, name: string): Promise<ResolvedType | undefined> {
  const cluster = await resolveClusterPath(store, path);
  if (!cluster) return undefined;
  const kv = await store.get(keyFor(workspaceTypeScope(cluster), name));
  if (!kv) return undefined;
  const spec = ((JSON.parse(kv.value) as { spec?: WorkspaceTypeSpec }).spec ?? {}) as WorkspaceTypeSpec;
  return { cluster, path, name, spec };
}

/** `root:org:team` → [`root:org:team`, `root:org`, `root`]. */
export function ancestry(path: string): string[] {
  const parts = path.split(':');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join(':'));
}

/**
 * Finds a type: at its path when one is given, else in the workspace at `from`, then each of
 * its ancestors, and finally root.
 */
export async function findType(
  store: Store,
  ref: TypeReference,
  from: string,
): Promise<ResolvedType | undefined> {
  if (ref.path) return load(store, ref.path, ref.name);
  const search = [...ancestry(from)];
  if (!search.includes('root')) search.push('root');
  for (const path of search) {
    const t = await load(store, path, ref.name);
    if (t) return t;
  }
  return undefined;
}

/** The type and every type it extends, transitively, each once. */
export async function typeClosure(store: Store, t: ResolvedType): Promise<ResolvedType[]> {
  const seen = new Map<string, ResolvedType>();
  const visit = async (x: ResolvedType): Promise<void> => {
    const id = `${x.cluster}:${x.name}`;
    if (seen.has(id)) return;
    seen.set(id, x);
    for (const ref of x.spec.extend?.with ?? []) {
      const next = await findType(store, ref, x.path);
      if (next) await visit(next);
    }
  };
  await visit(t);
  return [...seen.values()];
}

/**
 * Initializer and terminator names are `<logical cluster of the type>:<type name>`
 * (sdk/apis/tenancy/initialization, termination: the cluster's name, not its path).
 */
export function initializerName(t: Pick<ResolvedType, 'cluster' | 'name'>): string {
  return `${t.cluster}:${t.name}`;
}
export const terminatorName = initializerName;

/**
 * The closure in kcp's resolution order (workspacetypeexists transitiveTypeResolver): the bases,
 * depth first, and the type itself last. Lifecycle hooks run in this order.
 */
function resolutionOrder(closure: ResolvedType[]): ResolvedType[] {
  return closure.length > 1 ? [...closure.slice(1), closure[0]!] : closure;
}

/** kcp's initializer for the default APIBindings of a workspace's types (the apibinder). */
export const apiBindingsInitializer = 'system:apibindings';

export function initializersOf(closure: ResolvedType[]): string[] {
  const names = resolutionOrder(closure)
    .filter((t) => t.spec.initializer)
    .map(initializerName);
  if (closure.some((t) => (t.spec.defaultAPIBindings ?? []).length > 0)) names.push(apiBindingsInitializer);
  return names;
}

/** One terminator per type in the closure that asks for one; kcp adds no system terminator. */
export function terminatorsOf(closure: ResolvedType[]): string[] {
  return resolutionOrder(closure)
    .filter((t) => t.spec.terminator)
    .map(terminatorName);
}

function refMatches(ref: TypeReference, t: ResolvedType): boolean {
  return ref.name === t.name && (!ref.path || ref.path === t.path);
}

/** Why `child` may not be created under a workspace of type `parent`, or undefined if it may. */
export function parentChildConflict(parent: ResolvedType[], child: ResolvedType[]): string | undefined {
  const [p, c] = [parent[0]!, child[0]!];
  const childLimit = c.spec.limitAllowedParents;
  if (childLimit?.none) return `workspace type ${c.path}:${c.name} cannot have any parent`;
  if (childLimit?.types?.length && !parent.some((pt) => childLimit.types!.some((r) => refMatches(r, pt))))
    return `workspace type ${c.path}:${c.name} only allows [${childLimit.types.map((r) => `${r.path ?? ''}:${r.name}`).join(' ')}] parent workspaces, but parent type ${p.path}:${p.name} only implements [${parent.map((x) => `${x.path}:${x.name}`).join(' ')}]`;
  const parentLimit = p.spec.limitAllowedChildren;
  if (parentLimit?.none) return `workspace type ${p.path}:${p.name} cannot have any children`;
  if (parentLimit?.types?.length && !child.some((ct) => parentLimit.types!.some((r) => refMatches(r, ct))))
    return `workspace type ${c.path}:${c.name} is not allowed as a child of ${p.path}:${p.name}, which only allows [${parentLimit.types.map((r) => `${r.path ?? ''}:${r.name}`).join(' ')}] child workspaces`;
  return undefined;
}
