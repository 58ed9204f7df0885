// What a workspace-creation run is asked to do, its defaults, and the command-line options that
// set it. Closed loop (--concurrency) or open loop (--rate); flat (--count) or a tree (--depth,
// --fanout).
import { Option } from 'commander';
import { positiveInt, positiveNumber, requireInt, UsageError } from '../framework/options.js';
import { DEFAULT_TIMEOUTS } from '../../suites/framework/timeouts.js';

export const DEFAULT_COUNT = 100;
export const DEFAULT_CONCURRENCY = 16;
/** kcp's own e2e fixture allows 120 s for a workspace to become Ready (sdk testing/workspaces.go). */
export const DEFAULT_READY_TIMEOUT_MS = DEFAULT_TIMEOUTS.workspaceReady;
/** Short, so the first-request time is not rounded up by the poll; bounded by the ready timeout. */
export const FIRST_REQUEST_INTERVAL_MS = 25;

export interface WorkspaceCreationParameters {
  /** Workspaces to create: --count when flat, the size of the tree otherwise. */
  count: number;
  /** Closed loop: workers, each creating its next workspace when the previous is usable. */
  concurrency?: number;
  /** Open loop: workspaces started per second on a fixed schedule. */
  rate?: number;
  /** A tree of this many levels below the parent, each workspace with `fanout` children. */
  depth?: number;
  fanout?: number;
  /** Leave the parent workspace (and everything under it) in place at the end. */
  keep: boolean;
  /** Per workspace, from its start to Ready and to its first successful request. */
  readyTimeoutMs: number;
  firstRequestIntervalMs: number;
}

/** What the user may set; the rest is defaulted. */
export interface WorkspaceCreationInput {
  count?: number;
  concurrency?: number;
  rate?: number;
  depth?: number;
  fanout?: number;
  keep?: boolean;
  readyTimeoutMs?: number;
  firstRequestIntervalMs?: number;
}

/** F + F² + … + F^D. */
export function treeSize(depth: number, fanout: number): number {
  let size = 0;
  for (let level = 1, width = fanout; level <= depth; level += 1, width *= fanout) size += width;
  return size;
}

export function resolveParameters(input: WorkspaceCreationInput): WorkspaceCreationParameters {
  if (input.rate !== undefined && input.concurrency !== undefined) {
    throw new UsageError('--rate (open loop) and --concurrency (closed loop) are alternatives; give one');
  }
  if ((input.depth === undefined) !== (input.fanout === undefined)) {
    throw new UsageError('--depth and --fanout go together');
  }
  const tree = input.depth !== undefined && input.fanout !== undefined;
  if (tree && input.count !== undefined) {
    throw new UsageError('--count is for flat creation; a tree has --fanout + --fanout² + … workspaces');
  }
  if (tree && input.rate !== undefined) {
    // A child can only start once its parent is usable, so a tree has no fixed schedule to keep.
    throw new UsageError('--rate needs flat creation: a tree waits for each parent, use --concurrency');
  }
  if (input.rate !== undefined && !(input.rate > 0))
    throw new UsageError(`--rate must be > 0, got ${input.rate}`);
  const count = tree
    ? treeSize(requireInt('--depth', input.depth ?? 0, 1), requireInt('--fanout', input.fanout ?? 0, 1))
    : requireInt('--count', input.count ?? DEFAULT_COUNT, 1);
  return {
    count,
    ...(input.rate !== undefined
      ? { rate: input.rate }
      : { concurrency: requireInt('--concurrency', input.concurrency ?? DEFAULT_CONCURRENCY, 1) }),
    ...(tree ? { depth: input.depth, fanout: input.fanout } : {}),
    keep: input.keep ?? false,
    readyTimeoutMs: requireInt('ready timeout', input.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, 1),
    firstRequestIntervalMs: requireInt(
      'first request interval',
      input.firstRequestIntervalMs ?? FIRST_REQUEST_INTERVAL_MS,
      1,
    ),
  };
}

export function workspaceCreationOptions(): Option[] {
  return [
    new Option(
      '--count <n>',
      `workspaces to create, flat under the parent (default ${DEFAULT_COUNT})`,
    ).argParser(positiveInt),
    new Option(
      '--concurrency <c>',
      `closed loop: workspaces in flight at once (default ${DEFAULT_CONCURRENCY})`,
    ).argParser(positiveInt),
    new Option(
      '--rate <r>',
      'open loop: workspaces started per second on a fixed schedule; latency counts from the scheduled start',
    ).argParser(positiveNumber),
    new Option('--depth <d>', 'create a tree of this many levels instead (with --fanout)').argParser(
      positiveInt,
    ),
    new Option('--fanout <f>', 'children per workspace in the tree (with --depth)').argParser(positiveInt),
    new Option('--keep', 'do not delete the parent workspace at the end'),
    new Option(
      '--ready-timeout <seconds>',
      `per workspace: time allowed to become Ready and answer (default ${DEFAULT_READY_TIMEOUT_MS / 1000})`,
    ).argParser(positiveInt),
  ];
}

/** Commander's values (--ready-timeout in seconds) → parameters. */
export function parseWorkspaceCreation(raw: Record<string, unknown>): WorkspaceCreationParameters {
  const number = (key: string): number | undefined => (typeof raw[key] === 'number' ? raw[key] : undefined);
  const readyTimeout = number('readyTimeout');
  return resolveParameters({
    count: number('count'),
    concurrency: number('concurrency'),
    rate: number('rate'),
    depth: number('depth'),
    fanout: number('fanout'),
    keep: raw.keep === true,
    ...(readyTimeout !== undefined ? { readyTimeoutMs: readyTimeout * 1000 } : {}),
  });
}
