// Parameters of capacity, their defaults, and the command-line options that set them
// (registered by `kcp-harness bench capacity` through the scenario registry).
import { InvalidArgumentError, Option } from 'commander';
import { positiveInt, positiveNumber, requireInt, UsageError } from '../framework/options.js';

export interface CapacityParams {
  /** The p99 create→Ready a rate must stay within to count as sustainable. */
  sloP99Ms: number;
  /** Workspaces per second of the first probe. */
  startRate: number;
  /** The ladder stops here; the result is at most this. */
  maxRate: number;
  /** Workspaces created per probe. */
  probeCount: number;
  /** Probes between the last passing and the first failing rate of the ladder. */
  bisectSteps: number;
}

export const DEFAULT_CAPACITY: Readonly<Omit<CapacityParams, 'sloP99Ms'>> = {
  startRate: 1,
  maxRate: 64,
  probeCount: 50,
  bisectSteps: 3,
};

export function capacityOptions(): Option[] {
  const d = DEFAULT_CAPACITY;
  return [
    new Option('--slo-p99-ms <ms>', 'required: the p99 create→Ready (ms) a sustainable rate stays within')
      .argParser(positiveNumber)
      .makeOptionMandatory(),
    new Option(
      '--start-rate <r>',
      `workspaces per second of the first probe (default ${d.startRate})`,
    ).argParser(positiveNumber),
    new Option('--max-rate <r>', `highest rate probed (default ${d.maxRate})`).argParser(positiveNumber),
    new Option('--probe-count <n>', `workspaces created per probe (default ${d.probeCount})`).argParser(
      positiveInt,
    ),
    new Option(
      '--bisect-steps <n>',
      `probes between the last passing and the first failing rate (default ${d.bisectSteps})`,
    ).argParser((value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be an integer ≥ 0');
      return n;
    }),
  ];
}

/** Commander's values (or a programmatic caller's) → parameters, defaults filled in. */
export function parseCapacity(raw: Record<string, unknown>): CapacityParams {
  const number = (key: string): number | undefined => (typeof raw[key] === 'number' ? raw[key] : undefined);
  const d = DEFAULT_CAPACITY;
  const sloP99Ms = number('sloP99Ms');
  if (sloP99Ms === undefined || !(sloP99Ms > 0))
    throw new UsageError('--slo-p99-ms is required and must be > 0');
  const startRate = number('startRate') ?? d.startRate;
  const maxRate = number('maxRate') ?? d.maxRate;
  if (!(startRate > 0)) throw new UsageError(`--start-rate must be > 0, got ${startRate}`);
  if (!(maxRate >= startRate))
    throw new UsageError(`--max-rate (${maxRate}) must be ≥ --start-rate (${startRate})`);
  return {
    sloP99Ms,
    startRate,
    maxRate,
    probeCount: requireInt('--probe-count', number('probeCount') ?? d.probeCount, 1),
    bisectSteps: requireInt('--bisect-steps', number('bisectSteps') ?? d.bisectSteps, 0),
  };
}
