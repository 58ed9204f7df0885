// Builds the TestContext a test's run function receives from the fixture's scope and the run's
// settings.
import type { TestContext } from './conformance-test.js';
import { DEFAULT_EVENTUALLY, eventually } from './eventually.js';
import type { FeatureName } from './features.js';
import type { TestScope } from './fixtures/fixture.js';
import { uniqueName } from './names.js';
import type { RunLog } from './run-log.js';
import type { Timeouts } from './timeouts.js';

export interface ContextOptions {
  testId: string;
  scope: TestScope;
  timeouts: Timeouts;
  features: ReadonlySet<FeatureName>;
  signal: AbortSignal;
  log: RunLog;
}

export function createTestContext({
  testId,
  scope,
  timeouts,
  features,
  signal,
  log,
}: ContextOptions): TestContext {
  return {
    client: scope.client,
    namespace: scope.namespace,
    timeouts,
    features,
    signal,
    log: (message) => log.write(testId, message),
    eventually: (fn, options) =>
      eventually(fn, { ...DEFAULT_EVENTUALLY, timeoutMs: timeouts.eventually, signal, ...options }),
    uniqueName,
  };
}
