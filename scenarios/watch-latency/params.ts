// Parameters of watch-latency, their defaults, and the command-line options that set them
// (registered by `kcp-harness bench watch-latency` through the scenario registry).
import { Option } from 'commander';
import { positiveInt, positiveNumber, requireInt, UsageError } from '../framework/options.js';

export interface WatchLatencyParams {
  /** Open watches, assigned to the units round-robin. */
  watchers: number;
  /** Units: workspaces, or namespaces (the run's tenancy). */
  workspaces: number;
  /** Writes (creates, updates, deletes of ConfigMaps) spread over the workspaces. */
  events: number;
  /** Writes per second. */
  rate: number;
  /** After the last write, how long events still on their way are waited for before counting as lost. */
  settleSeconds: number;
}

export const DEFAULT_WATCH_LATENCY: Readonly<WatchLatencyParams> = {
  watchers: 20,
  workspaces: 4,
  events: 200,
  rate: 50,
  settleSeconds: 10,
};

export function watchLatencyOptions(): Option[] {
  const d = DEFAULT_WATCH_LATENCY;
  return [
    new Option(
      '--watchers <m>',
      `watches on ConfigMaps, spread over the workspaces (default ${d.watchers})`,
    ).argParser(positiveInt),
    new Option(
      '--workspaces <k>',
      `workspaces to watch and write in, under root:kh-bench-<id>; with a namespace per unit, namespaces kh-bench-<id>-0..k-1 (default ${d.workspaces})`,
    ).argParser(positiveInt),
    new Option(
      '--events <n>',
      `writes: creates, updates and deletes of ConfigMaps (default ${d.events})`,
    ).argParser(positiveInt),
    new Option('--rate <r>', `writes per second (default ${d.rate})`).argParser(positiveNumber),
    new Option(
      '--settle-seconds <s>',
      `after the last write, wait this long for events still on their way before counting them lost (default ${d.settleSeconds})`,
    ).argParser(positiveNumber),
  ];
}

/** Commander's values (or a programmatic caller's) → parameters, defaults filled in. */
export function parseWatchLatency(raw: Record<string, unknown>): WatchLatencyParams {
  const number = (key: string): number | undefined => (typeof raw[key] === 'number' ? raw[key] : undefined);
  const d = DEFAULT_WATCH_LATENCY;
  const rate = number('rate') ?? d.rate;
  const settleSeconds = number('settleSeconds') ?? d.settleSeconds;
  if (!(rate > 0)) throw new UsageError(`--rate must be > 0, got ${rate}`);
  if (!(settleSeconds > 0)) throw new UsageError(`--settle-seconds must be > 0, got ${settleSeconds}`);
  const watchers = requireInt('--watchers', number('watchers') ?? d.watchers, 1);
  const workspaces = requireInt('--workspaces', number('workspaces') ?? d.workspaces, 1);
  // A workspace nobody watches would make its writes unmeasured, not lost.
  if (watchers < workspaces)
    throw new UsageError(`--watchers (${watchers}) must be ≥ --workspaces (${workspaces})`);
  return {
    watchers,
    workspaces,
    events: requireInt('--events', number('events') ?? d.events, 1),
    rate,
    settleSeconds,
  };
}
