// The suite index: every registered conformance test, area by area. A new area adds one import.
import { apiMachineryTests } from './api-machinery/index.js';
import { apibindingSemanticsTests } from './apibinding-semantics/index.js';
import type { ConformanceTest } from './framework/conformance-test.js';
import { logicalClusterIsolationTests } from './logical-cluster-isolation/index.js';
import { rbacScopingTests } from './rbac-scoping/index.js';
import { watchTests } from './watch/index.js';
import { workspacesTests } from './workspaces/index.js';

export const allTests: readonly ConformanceTest[] = [
  ...apiMachineryTests,
  ...workspacesTests,
  ...logicalClusterIsolationTests,
  ...rbacScopingTests,
  ...watchTests,
  ...apibindingSemanticsTests,
];
