// What one measured phase (one operation, one driver) produced, whichever driver ran it.
import type { Connection } from '../../suites/framework/http/connection.js';
import type { LatencySummary } from '../framework/result.js';
import type { Operation } from './operations.js';

export interface PhaseOptions {
  /** Base server URL (no /clusters/ path). */
  server: string;
  connection: Connection;
  operation: Operation;
  /** Each unit's ConfigMaps, as paths from the server's root; requests go round-robin. */
  collections: readonly string[];
  durationSec: number;
  connections: number;
  /**
   * Names this run's CREATE objects (operations.ts requestFor): one tag for the whole run, so
   * DELETE removes what CREATE made.
   */
  tag: string;
  /** Stop after this many requests even if the duration has not passed (DELETE: what CREATE made). */
  maxRequests?: number;
  signal: AbortSignal;
  /** Called about once a second with the seconds elapsed. */
  onTick?: (elapsedSec: number) => void;
}

export interface PhaseOutcome {
  operation: Operation;
  /** Requests started. */
  sent: number;
  /** 2xx answers; req/s counts only these, so fast error answers cannot inflate throughput. */
  succeeded: number;
  /** The seconds req/s is counted over: the load window of the driver (see closed-loop.ts, open-loop-driver.ts). */
  durationSec: number;
  /** Latencies of the 2xx answers. */
  latency: LatencySummary;
  /** Non-2xx status codes and transport failures, by code or short reason. */
  errors: Record<string, number>;
  /** Stopped early by the run's abort signal. */
  partial: boolean;
}

export function countError(errors: Record<string, number>, key: string, by = 1): void {
  if (by > 0) errors[key] = (errors[key] ?? 0) + by;
}
