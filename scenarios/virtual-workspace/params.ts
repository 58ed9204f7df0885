// Parameters of virtual-workspace and the command-line options that set them.
import { Option } from 'commander';
import { positiveInt, positiveNumber, requireInt, UsageError } from '../framework/options.js';
import { SETTLE_RULE, type SettleRule } from '../framework/rss.js';
import { DEFAULT_READY_TIMEOUT_MS, FIRST_REQUEST_INTERVAL_MS } from '../workspace-creation/parameters.js';

export interface VirtualWorkspaceParams {
  /** Consumer workspaces bound to the export (each with one widget) before the provider lists. */
  consumers: number;
  /** Workspace creations and bindings in flight at once. */
  concurrency: number;
  /** Widgets created in consumers (round robin) while the provider watches. */
  writes: number;
  /** Writes per second (open loop). */
  rate: number;
  /** After the last write: how long a missing event may still arrive before it counts as lost. */
  eventTimeoutMs: number;
  bindTimeoutMs: number;
  readyTimeoutMs: number;
  firstRequestIntervalMs: number;
  settle: SettleRule;
}

export const DEFAULT_VIRTUAL_WORKSPACE: Readonly<VirtualWorkspaceParams> = {
  consumers: 1000,
  concurrency: 16,
  writes: 500,
  rate: 20,
  eventTimeoutMs: 10_000,
  bindTimeoutMs: 60_000,
  readyTimeoutMs: DEFAULT_READY_TIMEOUT_MS,
  firstRequestIntervalMs: FIRST_REQUEST_INTERVAL_MS,
  settle: SETTLE_RULE,
};

export function virtualWorkspaceOptions(): Option[] {
  const d = DEFAULT_VIRTUAL_WORKSPACE;
  return [
    new Option(
      '--consumers <n>',
      `consumer workspaces bound to the export, one widget each, before the provider lists (default ${d.consumers})`,
    ).argParser(positiveInt),
    new Option(
      '--concurrency <c>',
      `workspace creations and bindings in flight (default ${d.concurrency})`,
    ).argParser(positiveInt),
    new Option(
      '--writes <m>',
      `widgets created in the consumers (round robin) while the provider watches (default ${d.writes})`,
    ).argParser(positiveInt),
    new Option('--rate <r>', `writes per second (default ${d.rate})`).argParser(positiveNumber),
    new Option(
      '--event-timeout <seconds>',
      `after the last write, how long a missing event may take before it is lost (default ${d.eventTimeoutMs / 1000})`,
    ).argParser(positiveInt),
  ];
}

export interface VirtualWorkspaceInput {
  consumers?: number;
  concurrency?: number;
  writes?: number;
  rate?: number;
  eventTimeoutMs?: number;
  bindTimeoutMs?: number;
  readyTimeoutMs?: number;
  settle?: SettleRule;
}

export function resolveVirtualWorkspace(input: VirtualWorkspaceInput): VirtualWorkspaceParams {
  const d = DEFAULT_VIRTUAL_WORKSPACE;
  const rate = input.rate ?? d.rate;
  if (!(rate > 0)) throw new UsageError(`--rate must be above 0, got ${rate}`);
  return {
    consumers: requireInt('--consumers', input.consumers ?? d.consumers, 1),
    concurrency: requireInt('--concurrency', input.concurrency ?? d.concurrency, 1),
    writes: requireInt('--writes', input.writes ?? d.writes, 1),
    rate,
    eventTimeoutMs: requireInt('event timeout', input.eventTimeoutMs ?? d.eventTimeoutMs, 1),
    bindTimeoutMs: requireInt('bind timeout', input.bindTimeoutMs ?? d.bindTimeoutMs, 1),
    readyTimeoutMs: requireInt('ready timeout', input.readyTimeoutMs ?? d.readyTimeoutMs, 1),
    firstRequestIntervalMs: d.firstRequestIntervalMs,
    settle: { ...(input.settle ?? d.settle) },
  };
}

/** Commander's values (--event-timeout in seconds) → parameters. */
export function parseVirtualWorkspace(raw: Record<string, unknown>): VirtualWorkspaceParams {
  const number = (key: string): number | undefined => (typeof raw[key] === 'number' ? raw[key] : undefined);
  const eventTimeout = number('eventTimeout');
  return resolveVirtualWorkspace({
    consumers: number('consumers'),
    concurrency: number('concurrency'),
    writes: number('writes'),
    rate: number('rate'),
    eventTimeoutMs: eventTimeout !== undefined ? eventTimeout * 1000 : number('eventTimeoutMs'),
    readyTimeoutMs: number('readyTimeoutMs'),
    settle: raw.settle as SettleRule | undefined,
  });
}
