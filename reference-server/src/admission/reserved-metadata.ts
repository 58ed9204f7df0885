// kcp's reserved metadata admission (pkg/admission/reservedmetadata): outside system:masters, no
// request may add, change or remove an annotation or label whose key ends in `kcp.io`, except
// the allow-listed ones that other admission protects. Note the rule is on the whole key (a key
// like `internal.tenancy.kcp.io/cluster` does not end in kcp.io and is not covered).

import { forbidden } from '../api/status.js';
import { systemMasters } from '../authn/user.js';
import type { AdmissionPlugin } from './admission.js';

const annotationAllowList = [
  'experimental.tenancy.kcp.io/owner',
  'authorization.kcp.io/required-groups',
  'kcp.io/path',
];
const labelAllowPrefixes = ['claimed.internal.apis.kcp.io/'];

function reserved(key: string, allow: (k: string) => boolean): boolean {
  return !allow(key) && key.endsWith('kcp.io');
}

function changedReservedKey(
  next: Record<string, string> | undefined,
  prev: Record<string, string> | undefined,
  allow: (k: string) => boolean,
): string | undefined {
  const a = next ?? {};
  const b = prev ?? {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    if ((!(k in a) || !(k in b) || a[k] !== b[k]) && reserved(k, allow)) return k;
  return undefined;
}

export const reservedMetadata: AdmissionPlugin = async (r) => {
  if (r.operation === 'delete' || r.user.groups.includes(systemMasters)) return;
  const t = r.scope.type;
  const qualified = t.group ? `${t.names.plural}.${t.group}` : t.names.plural;
  const details = { name: r.name, group: t.group, kind: t.names.plural };
  const annotation = changedReservedKey(r.object?.metadata?.annotations, r.old?.metadata?.annotations, (k) =>
    annotationAllowList.includes(k),
  );
  if (annotation)
    throw forbidden(
      `${qualified} "${r.name}" is forbidden: modification of reserved annotation: "${annotation}"`,
      details,
    );
  const label = changedReservedKey(r.object?.metadata?.labels, r.old?.metadata?.labels, (k) =>
    labelAllowPrefixes.some((p) => k.startsWith(p)),
  );
  if (label)
    throw forbidden(
      `${qualified} "${r.name}" is forbidden: modification of reserved label: "${label}"`,
      details,
    );
};
