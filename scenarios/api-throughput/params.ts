// Parameters of api-throughput, their defaults, and the command-line options that set them
// (registered by `kcp-harness bench api-throughput` through the scenario registry).
import { Option } from 'commander';
import { positiveInt, positiveNumber, requireInt, UsageError } from '../framework/options.js';
import { ALL_OPERATIONS, DEFAULT_OPERATIONS, type Operation, parseOperations } from './operations.js';

export interface ApiThroughputParams {
  /** Units (workspaces, or namespaces: the run's tenancy) the requests are spread over, round-robin. */
  workspaces: number;
  /** Seconds per operation (the operations are measured one after the other). */
  duration: number;
  /** The operations measured, in operations.ts's order. */
  operations: Operation[];
  /** Concurrent connections (closed loop); the cap on connections (open loop). */
  connections: number;
  /** Requests per second; when set, the run is open loop at this rate instead of max throughput. */
  rate?: number;
}

export const DEFAULT_API_THROUGHPUT: Readonly<ApiThroughputParams> = {
  workspaces: 4,
  duration: 10,
  connections: 32,
  operations: [...DEFAULT_OPERATIONS],
};

export function apiThroughputOptions(): Option[] {
  const d = DEFAULT_API_THROUGHPUT;
  return [
    new Option(
      '--workspaces <k>',
      `workspaces to spread the requests over, under root:kh-bench-<id>; with a namespace per unit, namespaces kh-bench-<id>-0..k-1 (default ${d.workspaces})`,
    ).argParser(positiveInt),
    new Option('--duration <seconds>', `seconds of load per operation (default ${d.duration})`).argParser(
      positiveNumber,
    ),
    new Option(
      '--operations <list>',
      `comma-separated operations to measure, of ${ALL_OPERATIONS.join(', ')} (default ${d.operations.join(',')}); delete removes what create made`,
    ),
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
  let operations = [...d.operations];
  if (Array.isArray(raw.operations)) operations = parseOperationsOrUsage(raw.operations.join(','));
  else if (typeof raw.operations === 'string') operations = parseOperationsOrUsage(raw.operations);
  return {
    workspaces: requireInt('--workspaces', number('workspaces') ?? d.workspaces, 1),
    duration,
    connections: requireInt('--connections', number('connections') ?? d.connections, 1),
    operations,
    ...(rate !== undefined ? { rate } : {}),
  };
}

function parseOperationsOrUsage(text: string): Operation[] {
  try {
    return parseOperations(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
