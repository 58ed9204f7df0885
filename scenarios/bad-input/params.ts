// Parameters of bad-input and the command-line options that set them.
import { Option } from 'commander';
import { positiveInt, requireInt } from '../framework/options.js';

export interface BadInputParams {
  /** Requests in the corpus. */
  count: number;
  /** The corpus seed: the same seed gives the same requests everywhere. */
  seed: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Workspaces the corpus writes into (round robin), each checked by the canary. */
  workspaces: number;
  /** No answer within this is counted as unanswered. */
  timeoutMs: number;
}

export const DEFAULT_BAD_INPUT: Readonly<BadInputParams> = {
  count: 10_000,
  seed: 20261208,
  concurrency: 8,
  workspaces: 4,
  timeoutMs: 30_000,
};

export function badInputOptions(): Option[] {
  const d = DEFAULT_BAD_INPUT;
  return [
    new Option('--count <n>', `requests in the corpus (default ${d.count})`).argParser(positiveInt),
    new Option(
      '--seed <s>',
      `corpus seed, the same requests for the same seed (default ${d.seed})`,
    ).argParser(positiveInt),
    new Option('--concurrency <c>', `requests in flight (default ${d.concurrency})`).argParser(positiveInt),
    new Option('--workspaces <w>', `workspaces the corpus writes into (default ${d.workspaces})`).argParser(
      positiveInt,
    ),
    new Option(
      '--request-timeout <seconds>',
      `no answer within this counts as unanswered (default ${d.timeoutMs / 1000})`,
    ).argParser(positiveInt),
  ];
}

export function parseBadInput(raw: Record<string, unknown>): BadInputParams {
  const number = (key: string): number | undefined => (typeof raw[key] === 'number' ? raw[key] : undefined);
  const d = DEFAULT_BAD_INPUT;
  const timeout = number('requestTimeout');
  return {
    count: requireInt('--count', number('count') ?? d.count, 1),
    seed: requireInt('--seed', number('seed') ?? d.seed, 1),
    concurrency: requireInt('--concurrency', number('concurrency') ?? d.concurrency, 1),
    workspaces: requireInt('--workspaces', number('workspaces') ?? d.workspaces, 1),
    timeoutMs: timeout !== undefined ? timeout * 1000 : (number('timeoutMs') ?? d.timeoutMs),
  };
}
