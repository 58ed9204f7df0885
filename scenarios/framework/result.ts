// The one result shape every scenario writes (our drivers and k6's handleSummary alike) and
// every renderer, comparison and CI gate reads. A result says what was measured, where, with
// which parameters, and carries the raw distributions, not only their summaries, so reports can
// draw CDFs and comparisons can be recomputed.

export const resultApiVersion = 'kcp-harness.io/v1alpha1';

export type ScenarioName =
  | 'workspace-creation'
  | 'memory-per-workspace'
  | 'api-throughput'
  | 'watch-latency'
  | 'capacity'
  | 'authorization'
  | 'crd-footprint'
  | 'api-binding'
  | 'virtual-workspace'
  | 'bad-input';

/**
 * What a scenario's units are: kcp workspaces, or namespaces of one cluster on a target without
 * workspaces (plain Kubernetes), or when asked for (--tenancy namespaces).
 */
export type Tenancy = 'workspaces' | 'namespaces';

export const TENANCIES: readonly Tenancy[] = ['workspaces', 'namespaces'];

/** A result's tenancy; absent means workspaces (see ScenarioResult.tenancy). */
export const tenancyOf = (result: Pick<ScenarioResult, 'tenancy'>): Tenancy => result.tenancy ?? 'workspaces';

export interface TargetInfo {
  /** reference | kubeconfig | kcp-binary | container */
  kind: string;
  /** Human description: binary path, kubeconfig and context, ... */
  describe: string;
  /** Base server URL. */
  server: string;
  /** /version gitVersion of the target, when it answers. */
  version?: string;
}

export interface EnvironmentInfo {
  hostname: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  harnessVersion: string;
  harnessCommit?: string;
  /** Which load driver produced the numbers: our own (node), autocannon, k6 (+ version). */
  driver: string;
}

/** A latency distribution in milliseconds: summary plus an HDR-encoded histogram to recompute from. */
export interface LatencySummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** hdr-histogram-js base64 encoding (microsecond resolution), when recorded by us. */
  hdrBase64?: string;
  /** Points of the CDF for charts: [latency ms, fraction ≤ it]. */
  cdf?: [number, number][];
}

/** One named metric of a result, what comparisons and gates work on. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
  /** Which direction is good: lower (latency, bytes) or higher (throughput). */
  better: 'lower' | 'higher';
}

/** A time or step series for charts: RSS vs workspaces, latency vs rate, ... */
export interface Series {
  name: string;
  xLabel: string;
  yLabel: string;
  points: [number, number][];
}

export interface ScenarioResult {
  apiVersion: typeof resultApiVersion;
  kind: 'ScenarioResult';
  scenario: ScenarioName;
  /** Free-form label (e.g. "reference-sqlite", "kcp-v0.32") used in comparisons. */
  label: string;
  startedAt: string;
  finishedAt: string;
  /** True when the run was interrupted (Ctrl-C) and the numbers cover only part of it. */
  partial: boolean;
  /** Every parameter the scenario ran with (count, concurrency, rate, steps, duration, ...). */
  parameters: Record<string, unknown>;
  target: TargetInfo;
  /**
   * Where the scenario put its units. Results written before this field existed (and k6's)
   * leave it out; they all ran in workspaces, which is what readers assume when it is absent.
   */
  tenancy?: Tenancy;
  environment: EnvironmentInfo;
  /** The headline numbers, comparable across runs. */
  metrics: Metric[];
  latencies: Record<string, LatencySummary>;
  series: Series[];
  /** Errors by HTTP status code (or a short reason). */
  errors: Record<string, number>;
  /** What a reader should know: settle rules, fits (R²), caveats. */
  notes: string[];
}
