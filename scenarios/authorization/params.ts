// Parameters of the authorization scenario, their defaults, and the command-line options that set
// them: the RoleBinding counts the per-request overhead is measured at, how long and how hard
// each measurement runs, and how many workspaces the cache-memory part fills the cache with.
import { InvalidArgumentError, Option } from 'commander';
import { intList, positiveInt, positiveNumber, requireInt, UsageError } from '../framework/options.js';
import { SETTLE_RULE, type SettleRule } from '../framework/rss.js';
import { DEFAULT_CONCURRENCY, DEFAULT_READY_TIMEOUT_MS } from '../workspace-creation/parameters.js';

export interface AuthorizationParams {
  /** Other users' RoleBindings beside the measured user's own, one workspace per count (ascending). */
  bindings: number[];
  /** Seconds of load per measurement. */
  duration: number;
  /** Concurrent connections during a measurement (closed loop). */
  connections: number;
  /** Workspaces whose RBAC the cache-memory part loads into the cache; 0 skips that part. */
  workspaces: number;
  /** Workspaces created, and workspaces touched, at once in the cache-memory part. */
  concurrency: number;
  readyTimeoutMs: number;
  settle: SettleRule;
}

export const DEFAULT_AUTHORIZATION: Readonly<Omit<AuthorizationParams, 'settle'>> = {
  bindings: [0, 1000],
  duration: 10,
  connections: 16,
  workspaces: 10_000,
  concurrency: DEFAULT_CONCURRENCY,
  readyTimeoutMs: DEFAULT_READY_TIMEOUT_MS,
};

/**
 * A reference server spawned for the run keeps this many logical clusters cached beyond the
 * workspaces measured: system:admin, root, the bench parents and the overhead workspaces.
 */
export const CACHE_HEADROOM = 100;

/** What a programmatic caller (or a test) may set; the rest is defaulted. */
export type AuthorizationInput = Partial<AuthorizationParams>;

export function resolveAuthorizationParams(input: AuthorizationInput): AuthorizationParams {
  const d = DEFAULT_AUTHORIZATION;
  const bindings = input.bindings ?? [...d.bindings];
  if (bindings.length === 0) throw new UsageError('--bindings needs at least one count');
  bindings.forEach((count) => requireInt('--bindings', count, 0));
  if (bindings.some((count, index) => index > 0 && count <= (bindings[index - 1] ?? -1))) {
    throw new UsageError(`--bindings must be strictly ascending, got ${bindings.join(',')}`);
  }
  const duration = input.duration ?? d.duration;
  if (!(duration > 0)) throw new UsageError(`--duration must be > 0, got ${duration}`);
  return {
    bindings: [...bindings],
    duration,
    connections: requireInt('--connections', input.connections ?? d.connections, 1),
    workspaces: requireInt('--workspaces', input.workspaces ?? d.workspaces, 0),
    concurrency: requireInt('--concurrency', input.concurrency ?? d.concurrency, 1),
    readyTimeoutMs: requireInt('ready timeout', input.readyTimeoutMs ?? d.readyTimeoutMs, 1),
    settle: { ...(input.settle ?? SETTLE_RULE) },
  };
}

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be an integer ≥ 0');
  return Number(value);
}

export function authorizationOptions(): Option[] {
  const d = DEFAULT_AUTHORIZATION;
  return [
    new Option(
      '--bindings <list>',
      `other users' RoleBindings beside the measured user's own, one measurement each (default ${d.bindings.join(',')})`,
    ).argParser(intList),
    new Option('--duration <seconds>', `seconds of load per measurement (default ${d.duration})`).argParser(
      positiveNumber,
    ),
    new Option(
      '--connections <c>',
      `concurrent connections during a measurement (default ${d.connections})`,
    ).argParser(positiveInt),
    new Option(
      '--workspaces <w>',
      `workspaces whose RBAC is loaded into the authorization cache for the memory figures; 0 skips them (default ${d.workspaces})`,
    ).argParser(nonNegativeInt),
    new Option(
      '--concurrency <c>',
      `workspaces created, then touched, at once for the memory figures (default ${d.concurrency})`,
    ).argParser(positiveInt),
    new Option(
      '--ready-timeout <seconds>',
      `per workspace: time allowed to become Ready and answer (default ${d.readyTimeoutMs / 1000})`,
    ).argParser(positiveInt),
  ];
}

/** Commander's values (--ready-timeout in seconds) → parameters. */
export function parseAuthorization(raw: Record<string, unknown>): AuthorizationParams {
  const number = (key: string): number | undefined => (typeof raw[key] === 'number' ? raw[key] : undefined);
  const readyTimeout = number('readyTimeout');
  return resolveAuthorizationParams({
    bindings: Array.isArray(raw.bindings) ? raw.bindings.map(Number) : undefined,
    duration: number('duration'),
    connections: number('connections'),
    workspaces: number('workspaces'),
    concurrency: number('concurrency'),
    readyTimeoutMs: readyTimeout !== undefined ? readyTimeout * 1000 : undefined,
  });
}

/** The cache size a reference server spawned for this run needs, so no measured workspace is evicted. */
export function referenceServerArgs(params: AuthorizationParams): string[] {
  return ['--authorization-cache-size', String(params.workspaces + params.bindings.length + CACHE_HEADROOM)];
}
