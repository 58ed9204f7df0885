// The suite index: every registered conformance test, area by area. A new area adds one import.
import { apiMachineryTests } from './api-machinery/index.js';
import type { ConformanceTest } from './framework/conformance-test.js';

export const allTests: readonly ConformanceTest[] = [...apiMachineryTests];
