// kubectl's last-applied-configuration annotation under server-side apply: when the manager
// `kubectl` applies to an object that carries the annotation (it was once applied client-side),
// kube-apiserver rewrites the annotation to the applied configuration, so that a later
// client-side `kubectl apply` computes its three-way merge from what was really applied.

import type { KubeObject } from '../../api/types.js';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** JSON as Go encodes a map: keys sorted at every level, <, > and & escaped. */
function goJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sort((v as Record<string, unknown>)[k]);
    return out;
  };
  return JSON.stringify(sort(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** Sets the annotation of `result` (in place) to `config` when kube's rule says so. */
export function updateLastApplied(result: KubeObject, config: KubeObject, manager: string): void {
  const current = result.metadata?.annotations?.[lastAppliedAnnotation];
  if (manager !== 'kubectl' || !current) return;
  const applied = structuredClone(config);
  const meta = (applied.metadata ??= {});
  if (meta.annotations) {
    delete meta.annotations[lastAppliedAnnotation];
    if (Object.keys(meta.annotations).length === 0) delete meta.annotations;
  }
  result.metadata!.annotations = {
    ...result.metadata!.annotations,
    [lastAppliedAnnotation]: goJson(applied),
  };
}
