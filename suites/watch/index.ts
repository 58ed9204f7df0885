// Every watch test, in the order they run.
import type { ConformanceTest } from '../framework/conformance-test.js';
import { bookmarks } from './bookmarks.js';
import { boundResourceWatch } from './bound-resource-watch.js';
import { concurrentWatchers } from './concurrent-watchers.js';
import { customResourceSchemaChange } from './custom-resources.js';
import { expiredResourceVersion } from './expired-resource-version.js';
import { initialEventsNotOlderThan, initialEventsNow } from './initial-events.js';
import { initialEventsInvalid } from './initial-events-invalid.js';
import { orderPerObject } from './order-per-object.js';
import { resourceVersionMonotonic } from './resource-version-monotonic.js';
import { resumeExact } from './resume-exact.js';
import { selectorTransitions } from './selector-transitions.js';
import { timeoutSeconds } from './timeout-seconds.js';
import { wildcardWatch } from './wildcard-watch.js';
import { workspaceIsolation } from './workspace-isolation.js';

export const watchTests: readonly ConformanceTest[] = [
  orderPerObject,
  resourceVersionMonotonic,
  resumeExact,
  expiredResourceVersion,
  selectorTransitions,
  initialEventsNow,
  initialEventsNotOlderThan,
  initialEventsInvalid,
  timeoutSeconds,
  workspaceIsolation,
  wildcardWatch,
  customResourceSchemaChange,
  boundResourceWatch,
  concurrentWatchers,
  bookmarks,
];
