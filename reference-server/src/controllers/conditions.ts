// Conditions in status (kcp's conditionsv1alpha1 shape: type, status, severity, reason,
// message, lastTransitionTime), set idempotently: the transition time changes only when the
// status does.

import type { Condition } from '../registry/builtins/tenancy.js';
import { now } from '../registry/objects.js';

export function setCondition(
  conditions: Condition[] | undefined,
  c: Omit<Condition, 'lastTransitionTime'>,
): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((x) => x.type === c.type);
  const prev = i >= 0 ? list[i] : undefined;
  const next: Condition = {
    type: c.type,
    status: c.status,
    ...(c.severity ? { severity: c.severity } : {}),
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
    lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime! : now(),
  };
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}
