// Mocha's Spec output, then one plain `N passed, N failed[, N skipped]` line alone on a line:
// CI greps that line, so it carries no colour, no indentation and no timing.
// Loaded by mocha with require(); under `node-option: import=tsx` tsx also hooks require(), and
// mocha takes the `default` export of the module it loads.
import Mocha from 'mocha';

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

export function summaryLine(stats: { passes: number; failures: number; pending: number }): string {
  const skipped = stats.pending > 0 ? `, ${stats.pending} skipped` : '';
  return `${stats.passes} passed, ${stats.failures} failed${skipped}`;
}

export default class PlainSummaryReporter extends Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // Registered after Spec's own run-end handler, so the line comes after its epilogue.
    runner.once(EVENT_RUN_END, () => {
      process.stdout.write(`${summaryLine(this.stats)}\n`);
    });
  }
}
