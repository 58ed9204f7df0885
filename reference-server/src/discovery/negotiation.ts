// Content negotiation for /api and /apis, as kube-apiserver's discovery wrapper does it: the Accept
// clauses are ranked (q, then concrete types before wildcards; ties keep their order) and the
// aggregated document is served when any clause acceptable to it names
// g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList — even when plain application/json is listed
// first, because the aggregated handler skips clauses that do not ask for its kind. Otherwise the
// legacy document is served. v2beta1 is not served (kube's AggregatedDiscoveryRemoveBetaType, on in
// the kcp we compare with), so a client asking only for it gets 406 as from kcp.

export const AGGREGATED_DISCOVERY_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export type DiscoveryFormat = 'aggregated' | 'legacy' | 'not-acceptable';

interface AcceptClause {
  type: string;
  subType: string;
  q: number;
  params: Record<string, string>;
}

export function parseAccept(header: string): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  for (const part of header.split(',')) {
    const [mediaRange = '', ...paramParts] = part.split(';');
    const [type = '', subType, extra] = mediaRange.trim().split('/');
    // As Go's goautoneg: `*` alone means `*/*`; other ranges need exactly type/subtype.
    if (extra !== undefined || type === '') continue;
    if (subType === undefined && type !== '*') continue;
    const clause: AcceptClause = { type, subType: subType?.trim() ?? '*', q: 1, params: {} };
    for (const p of paramParts) {
      const [key, value, rest] = p.split('=');
      if (value === undefined || rest !== undefined) continue;
      if (key!.trim() === 'q') clause.q = Number.parseFloat(value) || 0;
      else clause.params[key!.trim()] = value.trim();
    }
    clauses.push(clause);
  }
  const rank = (c: AcceptClause) => [-c.q, c.type === '*' ? 1 : 0, c.subType === '*' ? 1 : 0];
  return clauses
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const [ra, rb] = [rank(a.c), rank(b.c)];
      for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return ra[k]! - rb[k]!;
      return a.i - b.i;
    })
    .map((x) => x.c);
}

/** Only JSON is written; a clause for YAML or protobuf alone is not one we can answer. */
function matchesJSON(c: AcceptClause): boolean {
  return (c.type === 'application' || c.type === '*') && (c.subType === 'json' || c.subType === '*');
}

const transformKeys = ['g', 'v', 'as'];
const asksForTransform = (c: AcceptClause) => transformKeys.some((k) => k in c.params);

/**
 * For the per-group and per-version documents, which have no aggregated form: false when every
 * Accept clause asks for a transformed kind (kcp answers those 406, as for /api and /apis).
 */
export function acceptsLegacyDiscovery(accept: string | undefined): boolean {
  if (!accept) return true;
  const clauses = parseAccept(accept);
  return !(clauses.length > 0 && clauses.every(asksForTransform));
}

export function negotiateDiscovery(accept: string | undefined): DiscoveryFormat {
  if (!accept) return 'legacy';
  const clauses = parseAccept(accept);
  const aggregated = clauses.some(
    (c) =>
      matchesJSON(c) &&
      c.params.g === 'apidiscovery.k8s.io' &&
      c.params.v === 'v2' &&
      c.params.as === 'APIGroupDiscoveryList',
  );
  if (aggregated) return 'aggregated';
  // The legacy document takes no transform: a client that asked only for other kinds or versions
  // (v2beta1, a made-up kind) is told what is served rather than sent something it cannot read.
  return acceptsLegacyDiscovery(accept) ? 'legacy' : 'not-acceptable';
}
