// A target is where the suites run and as whom: a kubeconfig context plus, for spawned kinds,
// the process behind it. Later issues add kinds (kcp-binary, container) by adding a function
// that returns this same value.
import type { ClusterClient } from '../http/client.js';

export type TargetKind = 'reference' | 'kubeconfig' | 'kcp-binary';

export interface Target {
  readonly kind: TargetKind;
  /** One line for people, e.g. "reference server pid 123 in /tmp/kh-ref-abc". */
  readonly describe: string;
  readonly kubeconfigPath: string;
  readonly context: string;
  /** The server process when the harness spawned it and knows its id (for RSS from /proc). */
  readonly pid?: number;
  /** A client for the context's cluster (for kcp's admin.kubeconfig context root: /clusters/root). */
  client(): ClusterClient;
  /** Releases what the target holds (connections; for spawned kinds the process and its files). Idempotent. */
  stop(): Promise<void>;
}

/** How the user chose the target. */
export type TargetSpec =
  /** serverArgs: extra flags for `serve`, e.g. a cache size a scenario needs. */
  | { kind: 'reference'; serverArgs?: readonly string[] }
  | { kind: 'kubeconfig'; path: string; context?: string }
  /** A kcp the user supplies, started as `PATH start ...` (see kcp-binary.ts). */
  | { kind: 'kcp-binary'; path: string };
