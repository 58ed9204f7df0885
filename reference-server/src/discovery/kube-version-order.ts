// Kubernetes' ordering of API versions ("kube-aware" order): GA before beta before alpha, higher
// numbers first within each, and versions that do not look like Kubernetes versions last, in
// lexicographic order. Discovery lists a group's versions in this order.

const kubeVersion = /^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$/;
const stabilityRank = { ga: 0, beta: 1, alpha: 2 } as const;

interface ParsedVersion {
  major: number;
  stability: keyof typeof stabilityRank;
  minor: number;
}

function parse(version: string): ParsedVersion | undefined {
  const m = kubeVersion.exec(version);
  if (!m) return undefined;
  const stability = (m[2] ?? 'ga') as ParsedVersion['stability'];
  return { major: Number(m[1]), stability, minor: m[3] === undefined ? 0 : Number(m[3]) };
}

/** Negative when `a` comes before `b` in discovery (a sort comparator). */
export function compareKubeVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) {
    if (pa) return -1;
    if (pb) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (pa.stability !== pb.stability) return stabilityRank[pa.stability] - stabilityRank[pb.stability];
  if (pa.major !== pb.major) return pb.major - pa.major;
  return pb.minor - pa.minor;
}
