// Per-operation time limits in one object (Gateway API conformance/utils/config/timeout.go),
// overridable from the command line with --timeout key=seconds.

export interface Timeouts {
  /** One HTTP request, until the response body is read. */
  request: number;
  /** Default deadline of an eventually() poll. */
  eventually: number;
  /** Waiting for the next event on a watch. */
  watchEvent: number;
  /** One test's run function (fixture set-up and clean-up come on top). */
  test: number;
  /** A spawned target until /readyz says ok. */
  serverStart: number;
  /**
   * A workspace from creation to phase Ready and reachable by its path, and from deletion to
   * gone. kcp's own e2e fixture allows 120 s (sdk testing/workspaces.go, workspaceInitTimeout).
   */
  workspaceReady: number;
}

export type TimeoutName = keyof Timeouts;

/** Milliseconds. */
export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = {
  request: 10_000,
  eventually: 30_000,
  watchEvent: 10_000,
  test: 60_000,
  serverStart: 60_000,
  workspaceReady: 120_000,
};

const NAMES = Object.keys(DEFAULT_TIMEOUTS) as TimeoutName[];

/** Parses one "key=seconds" override into milliseconds. */
export function parseTimeoutOverride(text: string): [TimeoutName, number] {
  const match = /^([A-Za-z]+)=([0-9]+(?:\.[0-9]+)?)$/.exec(text.trim());
  const name = match?.[1];
  if (!match || !name || !(NAMES as string[]).includes(name)) {
    throw new Error(`--timeout expects key=seconds with key one of ${NAMES.join(', ')}; got "${text}"`);
  }
  const ms = Math.round(Number(match[2]) * 1000);
  if (ms <= 0) throw new Error(`--timeout ${name} must be positive`);
  return [name as TimeoutName, ms];
}

export function resolveTimeouts(overrides: Partial<Timeouts> = {}): Timeouts {
  return { ...DEFAULT_TIMEOUTS, ...overrides };
}

export function timeoutsInSeconds(timeouts: Timeouts): Record<string, number> {
  return Object.fromEntries(NAMES.map((name) => [name, timeouts[name] / 1000]));
}
