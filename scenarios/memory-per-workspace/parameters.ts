// What a memory-per-workspace run is asked to do: the workspace counts at which RSS is sampled,
// how fast workspaces are created in between, and the settle rule each sample waits for.
import { Option } from 'commander';
import { intList, positiveInt, requireInt, UsageError } from '../framework/options.js';
import { SETTLE_RULE, type SettleRule } from '../framework/rss.js';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_READY_TIMEOUT_MS,
  FIRST_REQUEST_INTERVAL_MS,
} from '../workspace-creation/parameters.js';

export const DEFAULT_STEPS: readonly number[] = [0, 100, 500, 1000];

export interface MemoryPerWorkspaceParameters {
  /** Workspace counts (ascending) at which RSS is sampled. */
  steps: number[];
  concurrency: number;
  keep: boolean;
  readyTimeoutMs: number;
  firstRequestIntervalMs: number;
  settle: SettleRule;
}

export interface MemoryPerWorkspaceInput {
  steps?: number[];
  concurrency?: number;
  keep?: boolean;
  readyTimeoutMs?: number;
  /** Tests shorten it; the command line always uses SETTLE_RULE. */
  settle?: SettleRule;
}

export function resolveParameters(input: MemoryPerWorkspaceInput): MemoryPerWorkspaceParameters {
  const steps = input.steps ?? [...DEFAULT_STEPS];
  if (steps.length === 0) throw new UsageError('--steps needs at least one workspace count');
  steps.forEach((step) => requireInt('--steps', step, 0));
  if (steps.some((step, index) => index > 0 && step <= (steps[index - 1] ?? -1))) {
    throw new UsageError(`--steps must be strictly ascending, got ${steps.join(',')}`);
  }
  return {
    steps: [...steps],
    concurrency: requireInt('--concurrency', input.concurrency ?? DEFAULT_CONCURRENCY, 1),
    keep: input.keep ?? false,
    readyTimeoutMs: requireInt('ready timeout', input.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, 1),
    firstRequestIntervalMs: FIRST_REQUEST_INTERVAL_MS,
    settle: { ...(input.settle ?? SETTLE_RULE) },
  };
}

export function memoryPerWorkspaceOptions(): Option[] {
  return [
    new Option(
      '--steps <list>',
      `comma-separated workspace counts at which RSS is sampled (default ${DEFAULT_STEPS.join(',')})`,
    ).argParser(intList),
    new Option(
      '--concurrency <c>',
      `workspaces created at once between samples (default ${DEFAULT_CONCURRENCY})`,
    ).argParser(positiveInt),
    new Option('--keep', 'do not delete the parent workspace at the end'),
    new Option(
      '--ready-timeout <seconds>',
      `per workspace: time allowed to become Ready and answer (default ${DEFAULT_READY_TIMEOUT_MS / 1000})`,
    ).argParser(positiveInt),
  ];
}

export function parseMemoryPerWorkspace(raw: Record<string, unknown>): MemoryPerWorkspaceParameters {
  const readyTimeout = typeof raw.readyTimeout === 'number' ? raw.readyTimeout : undefined;
  return resolveParameters({
    steps: Array.isArray(raw.steps) ? raw.steps.map(Number) : undefined,
    concurrency: typeof raw.concurrency === 'number' ? raw.concurrency : undefined,
    keep: raw.keep === true,
    ...(readyTimeout !== undefined ? { readyTimeoutMs: readyTimeout * 1000 } : {}),
  });
}
