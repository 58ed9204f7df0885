// Which of a CRD's requested names it may have, given the names the other CRDs of its group in
// the same logical cluster already hold: kube's naming condition controller, whose reasons and
// messages clients see in the NamesAccepted condition. A name already accepted for this CRD stays
// its own; a new one must be unused. Checks run in kube's order and the last conflict found is
// the one reported.

import type { CRDNames, CustomResourceDefinition } from './crd-object.js';

export interface NamingResult {
  acceptedNames: CRDNames;
  namesAccepted: { status: 'True' | 'False'; reason: string; message: string };
}

/** The names held by `others` (CRDs of the same group and cluster, this one excluded). */
export function usedNames(others: readonly CustomResourceDefinition[]) {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const o of others) {
    const a = o.status?.acceptedNames ?? {};
    for (const n of [a.plural, a.singular, ...(a.shortNames ?? [])]) if (n) resources.add(n);
    for (const n of [a.kind, a.listKind]) if (n) kinds.add(n);
  }
  return { resources, kinds };
}

export function calculateNames(
  crd: CustomResourceDefinition,
  others: readonly CustomResourceDefinition[],
): NamingResult {
  const { resources, kinds } = usedNames(others);
  const requested = crd.spec?.names ?? {};
  const accepted = crd.status?.acceptedNames ?? {};
  const next: CRDNames = { ...accepted };
  let conflict: { reason: string; message: string } | undefined;
  const taken = (want: string | undefined, have: string | undefined, used: Set<string>) =>
    want !== have && want !== undefined && used.has(want) ? `"${want}" is already in use` : undefined;

  const check = (field: 'plural' | 'singular' | 'kind' | 'listKind', used: Set<string>, reason: string) => {
    const message = taken(requested[field], accepted[field], used);
    if (message) conflict = { reason, message };
    else if (requested[field] !== undefined) next[field] = requested[field];
    else delete next[field];
  };
  check('plural', resources, 'PluralConflict');
  check('singular', resources, 'SingularConflict');
  const wantShort = requested.shortNames ?? [];
  if (JSON.stringify(wantShort) !== JSON.stringify(accepted.shortNames ?? [])) {
    const mine = new Set(accepted.shortNames ?? []);
    const clashes = wantShort
      .filter((s) => !mine.has(s) && resources.has(s))
      .map((s) => `"${s}" is already in use`);
    if (clashes.length > 0)
      conflict = {
        reason: 'ShortNamesConflict',
        message: clashes.length === 1 ? clashes[0]! : `[${clashes.join(', ')}]`,
      };
    else if (wantShort.length > 0) next.shortNames = [...wantShort];
    else delete next.shortNames;
  }
  check('kind', kinds, 'KindConflict');
  check('listKind', kinds, 'ListKindConflict');
  if (requested.categories?.length) next.categories = [...requested.categories];
  else delete next.categories;
  return {
    acceptedNames: next,
    namesAccepted: conflict
      ? { status: 'False', ...conflict }
      : { status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
  };
}
