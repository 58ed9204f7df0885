// Parameters of api-binding and the command-line options that set them.
import { Option } from 'commander';
import { intList, positiveInt, requireInt, UsageError } from '../framework/options.js';
import { SETTLE_RULE, type SettleRule } from '../framework/rss.js';
import { DEFAULT_READY_TIMEOUT_MS, FIRST_REQUEST_INTERVAL_MS } from '../workspace-creation/parameters.js';

export interface ApiBindingParams {
  /** Consumer workspaces whose binding is timed (created first, untimed), after the steps. */
  consumers: number;
  /** Requests (workspace creations, bindings, object creates) in flight at once. */
  concurrency: number;
  /** Bound consumer workspaces (ascending) at which RSS is sampled, without and with their bindings. */
  steps: number[];
  /** Widgets (and as many ConfigMaps) created in one bound consumer to time creates. */
  objects: number;
  /** Per binding: POST → phase Bound may take this long before it counts as an error. */
  bindTimeoutMs: number;
  /** Per workspace: time allowed to become Ready and answer. */
  readyTimeoutMs: number;
  firstRequestIntervalMs: number;
  settle: SettleRule;
}

export const DEFAULT_API_BINDING: Readonly<ApiBindingParams> = {
  consumers: 100,
  concurrency: 16,
  steps: [0, 1000],
  objects: 200,
  bindTimeoutMs: 60_000,
  readyTimeoutMs: DEFAULT_READY_TIMEOUT_MS,
  firstRequestIntervalMs: FIRST_REQUEST_INTERVAL_MS,
  settle: SETTLE_RULE,
};

export function apiBindingOptions(): Option[] {
  const d = DEFAULT_API_BINDING;
  return [
    new Option(
      '--consumers <n>',
      `consumer workspaces whose APIBinding (POST → phase Bound) is timed, after the RSS steps (default ${d.consumers})`,
    ).argParser(positiveInt),
    new Option(
      '--concurrency <c>',
      `workspace creations, bindings and object creates in flight (default ${d.concurrency})`,
    ).argParser(positiveInt),
    new Option(
      '--steps <list>',
      `comma-separated counts of bound consumer workspaces at which RSS is sampled, without and with their bindings (default ${d.steps.join(',')})`,
    ).argParser(intList),
    new Option(
      '--objects <m>',
      `widgets of the bound API (and as many ConfigMaps) created in one consumer to time creates (default ${d.objects})`,
    ).argParser(positiveInt),
    new Option(
      '--bind-timeout <seconds>',
      `per binding: time allowed to reach phase Bound (default ${d.bindTimeoutMs / 1000})`,
    ).argParser(positiveInt),
  ];
}

export interface ApiBindingInput {
  consumers?: number;
  concurrency?: number;
  steps?: number[];
  objects?: number;
  bindTimeoutMs?: number;
  readyTimeoutMs?: number;
  /** Tests shorten it; the command line always uses SETTLE_RULE. */
  settle?: SettleRule;
}

export function resolveApiBinding(input: ApiBindingInput): ApiBindingParams {
  const d = DEFAULT_API_BINDING;
  const steps = input.steps ?? [...d.steps];
  if (steps.length === 0) throw new UsageError('--steps needs at least one count');
  steps.forEach((step) => requireInt('--steps', step, 0));
  if (steps.some((step, index) => index > 0 && step <= (steps[index - 1] ?? -1)))
    throw new UsageError(`--steps must be strictly ascending, got ${steps.join(',')}`);
  return {
    consumers: requireInt('--consumers', input.consumers ?? d.consumers, 1),
    concurrency: requireInt('--concurrency', input.concurrency ?? d.concurrency, 1),
    steps: [...steps],
    objects: requireInt('--objects', input.objects ?? d.objects, 1),
    bindTimeoutMs: requireInt('bind timeout', input.bindTimeoutMs ?? d.bindTimeoutMs, 1),
    readyTimeoutMs: requireInt('ready timeout', input.readyTimeoutMs ?? d.readyTimeoutMs, 1),
    firstRequestIntervalMs: d.firstRequestIntervalMs,
    settle: { ...(input.settle ?? d.settle) },
  };
}

/** Commander's values (--bind-timeout in seconds) → parameters; programmatic callers may pass the fields. */
export function parseApiBinding(raw: Record<string, unknown>): ApiBindingParams {
  const number = (key: string): number | undefined => (typeof raw[key] === 'number' ? raw[key] : undefined);
  const bindTimeout = number('bindTimeout');
  return resolveApiBinding({
    consumers: number('consumers'),
    concurrency: number('concurrency'),
    steps: Array.isArray(raw.steps) ? raw.steps.map(Number) : undefined,
    objects: number('objects'),
    bindTimeoutMs: bindTimeout !== undefined ? bindTimeout * 1000 : number('bindTimeoutMs'),
    readyTimeoutMs: number('readyTimeoutMs'),
    settle: raw.settle as SettleRule | undefined,
  });
}
