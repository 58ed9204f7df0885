// The search for the highest sustainable rate, apart from how a rate is probed: a doubling
// ladder from the start rate up to the maximum until a probe fails, then bisection between the
// last passing and the first failing rate. A probe passes when it had no errors and its p99
// stayed within the SLO. Assumes latency grows with rate (a server that gets faster under more
// load would fool any search of this kind).

export interface ProbeMeasurement {
  p99Ms: number;
  /** Errors of any kind during the probe; one is enough to fail it. */
  errors: number;
}

export interface ProbeRecord extends ProbeMeasurement {
  rate: number;
  pass: boolean;
  stage: 'ladder' | 'bisection';
}

export interface SearchOptions {
  startRate: number;
  maxRate: number;
  /** Bisection probes after the ladder found a failing rate. */
  bisectSteps: number;
  sloP99Ms: number;
  signal?: AbortSignal;
}

export interface SearchOutcome {
  /** The highest rate that passed; 0 when even the start rate failed. */
  maxSustainableRate: number;
  /** The lowest rate that failed, if any did. */
  lowestFailingRate?: number;
  probes: ProbeRecord[];
  /** One sentence on how the search ended, for the notes. */
  conclusion: string;
  /** Stopped by the signal before the search was done. */
  interrupted: boolean;
}

/** Rates with three decimals at most, so bisection midpoints print (and compare) cleanly. */
const tidy = (rate: number): number => Math.round(rate * 1000) / 1000;

/** start, 2·start, 4·start, … and the maximum itself as the last step. */
export function ladderRates(startRate: number, maxRate: number): number[] {
  const rates: number[] = [];
  for (let rate = startRate; rate < maxRate; rate *= 2) rates.push(tidy(rate));
  rates.push(tidy(maxRate));
  return rates;
}

export async function searchMaxRate(
  probe: (rate: number) => Promise<ProbeMeasurement>,
  options: SearchOptions,
): Promise<SearchOutcome> {
  const probes: ProbeRecord[] = [];
  const interrupted = (): boolean => options.signal?.aborted === true;
  const measure = async (rate: number, stage: ProbeRecord['stage']): Promise<ProbeRecord> => {
    const measured = await probe(rate);
    const record = {
      rate,
      stage,
      ...measured,
      pass: measured.errors === 0 && measured.p99Ms <= options.sloP99Ms,
    };
    probes.push(record);
    return record;
  };
  const done = (
    maxSustainableRate: number,
    conclusion: string,
    lowestFailingRate?: number,
  ): SearchOutcome => ({
    maxSustainableRate,
    ...(lowestFailingRate !== undefined ? { lowestFailingRate } : {}),
    probes,
    conclusion: interrupted() ? `interrupted; so far: ${conclusion}` : conclusion,
    interrupted: interrupted(),
  });

  // A probe during which the signal fired is cut short: its verdict is not used.
  let passed = 0;
  let failed: number | undefined;
  for (const rate of ladderRates(options.startRate, options.maxRate)) {
    if (interrupted()) return done(passed, `${passed}/s passed`);
    const { pass } = await measure(rate, 'ladder');
    if (interrupted()) return done(passed, `${passed}/s passed`);
    if (pass) passed = rate;
    else {
      failed = rate;
      break;
    }
  }
  if (failed === undefined) {
    return done(
      passed,
      `every rate up to --max-rate ${options.maxRate}/s passed; the limit is at least that`,
    );
  }
  if (passed === 0) {
    return done(0, `the start rate ${options.startRate}/s already failed; try a lower --start-rate`, failed);
  }
  for (let step = 0; step < options.bisectSteps && !interrupted(); step += 1) {
    const rate = tidy((passed + failed) / 2);
    if (rate <= passed || rate >= failed) break;
    const { pass } = await measure(rate, 'bisection');
    if (interrupted()) break;
    if (pass) passed = rate;
    else failed = rate;
  }
  return done(passed, `${passed}/s passed and ${failed}/s failed`, failed);
}
