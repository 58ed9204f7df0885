// metav1.LabelSelector as a struct (matchLabels + matchExpressions), as ClusterRole
// aggregationRules carry it. An empty selector matches everything; an unknown operator matches
// nothing (Kubernetes rejects it at validation). null anywhere is Go's zero value: a null
// selector is an empty one, a null requirement matches nothing.

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

function requirementMatches(r: LabelSelectorRequirement | null, labels: Record<string, string>): boolean {
  if (!r) return false;
  const present = Object.prototype.hasOwnProperty.call(labels, r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return present && values.includes(labels[r.key]!);
    case 'NotIn':
      return !present || !values.includes(labels[r.key]!);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    default:
      return false;
  }
}

export function matchesLabelSelector(
  selector: LabelSelector | null,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  return (selector.matchExpressions ?? []).every((r) => requirementMatches(r, labels));
}
