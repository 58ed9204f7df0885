// A mocha reporter that prints nothing and hands each finished test to a callback; the runner
// turns those into progress lines and report entries.
import Mocha from 'mocha';

export interface MochaTestEvent {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: unknown;
}

export function collectingReporter(sink: (event: MochaTestEvent) => void): Mocha.ReporterConstructor {
  const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
  return class CollectingReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      runner.on(EVENT_TEST_PASS, (test) =>
        sink({ title: test.title, state: 'passed', durationMs: test.duration ?? 0 }),
      );
      runner.on(EVENT_TEST_FAIL, (test, error: unknown) =>
        sink({ title: test.title, state: 'failed', durationMs: test.duration ?? 0, error }),
      );
      runner.on(EVENT_TEST_PENDING, (test) => sink({ title: test.title, state: 'pending', durationMs: 0 }));
    }
  };
}
