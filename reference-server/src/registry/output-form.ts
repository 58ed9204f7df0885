// Which form an answer takes, from the Accept header, as kube-apiserver negotiates it: the
// first acceptable clause (by q, then order) wins; a clause with `as=` asks for a meta.k8s.io
// transformation (Table, PartialObjectMetadata, PartialObjectMetadataList) and is acceptable only
// for those; nothing acceptable is 406. A clause that asks for a list form of a single object (or
// the reverse) is chosen and then refused, as kube's transformObject refuses it.
// (kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/negotiate.go,
// handlers/response.go)

import { notAcceptable } from '../api/status.js';

export type OutputForm =
  | { form: 'object' }
  | { form: 'table' }
  | { form: 'partial'; version: 'v1' | 'v1beta1' }
  | { form: 'partialList'; version: 'v1' | 'v1beta1' };

interface Clause {
  type: string;
  params: Map<string, string>;
  q: number;
}

function parseClauses(accept: string): Clause[] {
  const clauses: Clause[] = [];
  for (const part of accept.split(',')) {
    const [type, ...rest] = part.split(';').map((p) => p.trim());
    if (!type) continue;
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
    }
    const q = params.has('q') ? Number(params.get('q')) : 1;
    params.delete('q');
    clauses.push({ type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 });
  }
  // Array.prototype.sort is stable: equal q keeps the client's order.
  return clauses.filter((c) => c.q > 0).sort((a, b) => b.q - a.q);
}

const jsonTypes = new Set(['application/json', 'application/*', '*/*']);

function formOf(clause: Clause): OutputForm | undefined {
  if (!jsonTypes.has(clause.type)) return undefined;
  const as = clause.params.get('as');
  if (as === undefined) return { form: 'object' };
  if (clause.params.get('g') !== 'meta.k8s.io') return undefined;
  const v = clause.params.get('v');
  if (as === 'Table') return v === 'v1' ? { form: 'table' } : undefined;
  if (v !== 'v1' && v !== 'v1beta1') return undefined;
  if (as === 'PartialObjectMetadata') return { form: 'partial', version: v };
  if (as === 'PartialObjectMetadataList') return { form: 'partialList', version: v };
  return undefined;
}

/** The negotiated form; throws 406 when no clause is acceptable. No Accept header: the object. */
export function negotiateOutput(accept: string | undefined): OutputForm {
  if (!accept?.trim()) return { form: 'object' };
  for (const clause of parseClauses(accept)) {
    const form = formOf(clause);
    if (form) return form;
  }
  throw notAcceptable('only the following media types are accepted: application/json');
}

/**
 * The form for an answer that is a single object (`isList` false) or a list; a partial form of
 * the other shape is refused with kube's words.
 */
export function outputFor(accept: string | undefined, isList: boolean, kind: string): OutputForm {
  const form = negotiateOutput(accept);
  if (form.form === 'partialList' && !isList)
    throw notAcceptable(
      `you requested PartialObjectMetadataList, but the requested object is not a list (${kind})`,
    );
  if (form.form === 'partial' && isList)
    throw notAcceptable(`you requested PartialObjectMetadata, but the requested object is a list (${kind})`);
  return form;
}
