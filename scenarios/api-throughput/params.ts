// Parameters of api-throughput, their defaults, and the command-line options that set them
// (registered by `kcp-harness bench api-throughput` through the scenario registry).
import { Option } from 'commander';
import { positiveInt, positiveNumber, requireInt, UsageError } from '../framework/options.js';

export interface ApiThroughputParams {
  /** Workspaces the requests are spread over, round-robin. */
  workspaces: number;
  /** Seconds per operation (GET, LIST and CREATE are measured one after the other). */
  duration: number;
  /** Concurrent connections (closed loop); the cap on connections (open loop). */
  connections: number;
  /** Requests per second; when set, the run is open loop at this rate instead of max throughput. */
  rate?: number;
}

export const DEFAULT_API_THROUGHPUT: Readonly<ApiThroughputParams> = {
  workspaces: 4,
  duration: 10,
  connections: 32,
};

export function apiThroughputOptions(): Option[] {
  const d = DEFAULT_API_THROUGHPUT;
  return [
    new Option(
      '--workspaces <k>',
      `workspaces to spread the requests over, under root:kh-bench-<id> (default ${d.workspaces})`,
    ).argParser(positiveInt),
    new Option(
      '--duration <seconds>',
      `seconds of load per operation: GET, LIST, CREATE (default ${d.duration})`,
    ).argParser(positiveNumber),
    new Option(
      '--connections <c>',
      `concurrent connections; with --rate, the most connections used (default ${d.connections})`,
    ).argParser(positiveInt),
    new Option(
      '--rate <r>',
      'open loop: requests per second on a fixed schedule, latency from the scheduled start (coordinated omission corrected); default: closed-loop max throughput',
    ).argParser(positiveNumber),
  ];
}

/** Commander's values (or a programmatic caller's) → parameters, defaults filled in. */
export function parseApiThroughput(raw: Record<string, unknown>): ApiThroughputParams {
  const number = (key: string): number | undefined => (typeof raw[key] === 'number' ? raw[key] : undefined);
  const d = DEFAULT_API_THROUGHPUT;
  const duration = number('duration') ?? d.duration;
  const rate = number('rate');
  if (!(duration > 0)) throw new UsageError(`--duration must be > 0, got ${duration}`);
  if (rate !== undefined && !(rate > 0)) throw new UsageError(`--rate must be > 0, got ${rate}`);
  return {
    workspaces: requireInt('--workspaces', number('workspaces') ?? d.workspaces, 1),
    duration,
    connections: requireInt('--connections', number('connections') ?? d.connections, 1),
    ...(rate !== undefined ? { rate } : {}),
  };
}
