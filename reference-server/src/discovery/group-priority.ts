// The order of groups in aggregated /apis: kube-apiserver gives each built-in group a priority
// (pkg/controlplane/apiserver/aggregator.go and cmd/kube-apiserver/app/aggregator.go, the
// GroupPriorityMinimum of their APIServices) and lists higher priorities first; every other group
// (CRDs, kcp's own groups, bound APIs) gets 1000 and groups of equal priority are ordered by name.

const builtinGroupPriority: Readonly<Record<string, number>> = {
  '': 18000,
  apps: 17800,
  'events.k8s.io': 17750,
  'authentication.k8s.io': 17700,
  'authorization.k8s.io': 17600,
  autoscaling: 17500,
  batch: 17400,
  'certificates.k8s.io': 17300,
  'networking.k8s.io': 17200,
  policy: 17100,
  'rbac.authorization.k8s.io': 17000,
  'storage.k8s.io': 16800,
  'apiextensions.k8s.io': 16700,
  'admissionregistration.k8s.io': 16700,
  'scheduling.k8s.io': 16600,
  'coordination.k8s.io': 16500,
  'node.k8s.io': 16300,
  'discovery.k8s.io': 16200,
  'flowcontrol.apiserver.k8s.io': 16100,
  'internal.apiserver.k8s.io': 16000,
};

const defaultGroupPriority = 1000;

export function groupPriority(group: string): number {
  return builtinGroupPriority[group] ?? defaultGroupPriority;
}

/** Sort comparator for group names: higher priority first, then by name. */
export function compareGroups(a: string, b: string): number {
  const d = groupPriority(b) - groupPriority(a);
  if (d !== 0) return d;
  return a < b ? -1 : a > b ? 1 : 0;
}
