// Every api-machinery test, in the order they run.
import type { ConformanceTest } from '../framework/conformance-test.js';
import { aggregatedDiscovery } from './aggregated-discovery.js';
import { configmapCrud } from './configmap-crud.js';
import { createAlreadyExists } from './create-already-exists.js';
import { discoveryCore } from './discovery-core.js';
import { getMissingNotFound } from './get-missing-not-found.js';
import { invalidName } from './invalid-name.js';
import { jsonContentType } from './json-content-type.js';
import { labelSelectors } from './label-selectors.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { statusObjectShape } from './status-object-shape.js';
import { updateStaleConflict } from './update-stale-conflict.js';
import { watchEventsInOrder } from './watch-events-in-order.js';

export const apiMachineryTests: readonly ConformanceTest[] = [
  discoveryCore,
  aggregatedDiscovery,
  namespaceLifecycle,
  configmapCrud,
  getMissingNotFound,
  createAlreadyExists,
  updateStaleConflict,
  invalidName,
  statusObjectShape,
  labelSelectors,
  watchEventsInOrder,
  jsonContentType,
];
