// Every api-machinery test, in the order they run.
import type { ConformanceTest } from '../framework/conformance-test.js';
import { aggregatedDiscovery } from './aggregated-discovery.js';
import { discoveryUnserved } from './discovery-unserved.js';
import { configmapCrud } from './configmap-crud.js';
import { createAlreadyExists } from './create-already-exists.js';
import { crdLifecycle } from './crd-lifecycle.js';
import { crdSubresources } from './crd-subresources.js';
import { crdValidation } from './crd-validation.js';
import { crdVersions } from './crd-versions.js';
import { discoveryCore } from './discovery-core.js';
import { eventsBothApis } from './events-both-apis.js';
import { fieldSelectors } from './field-selectors.js';
import { garbageCollectionTests } from './garbage-collection.js';
import { getMissingNotFound } from './get-missing-not-found.js';
import { invalidName } from './invalid-name.js';
import { jsonContentType } from './json-content-type.js';
import { labelSelectors } from './label-selectors.js';
import { namespaceLifecycle, namespaceTermination } from './namespace-lifecycle.js';
import { deletePreconditions, finalizersHoldDeletion, immutableFields } from './object-semantics.js';
import { openapiV3 } from './openapi-v3.js';
import { pagingTests } from './paging-consistent.js';
import { serverSideApplyTests } from './server-side-apply.js';
import { statusObjectShape } from './status-object-shape.js';
import { strategicMergePatch, strategicMergePatchCustomResource } from './strategic-merge-patch.js';
import { partialObjectMetadata, tableOutput } from './table-output.js';
import { updateStaleConflict } from './update-stale-conflict.js';
import { watchEventsInOrder } from './watch-events-in-order.js';
import { dryRun, fieldValidation } from './write-options.js';

export const apiMachineryTests: readonly ConformanceTest[] = [
  discoveryCore,
  aggregatedDiscovery,
  discoveryUnserved,
  openapiV3,
  namespaceLifecycle,
  namespaceTermination,
  configmapCrud,
  getMissingNotFound,
  createAlreadyExists,
  updateStaleConflict,
  invalidName,
  statusObjectShape,
  labelSelectors,
  fieldSelectors,
  ...pagingTests,
  finalizersHoldDeletion,
  deletePreconditions,
  immutableFields,
  dryRun,
  fieldValidation,
  strategicMergePatch,
  tableOutput,
  partialObjectMetadata,
  watchEventsInOrder,
  jsonContentType,
  crdLifecycle,
  crdValidation,
  crdSubresources,
  crdVersions,
  strategicMergePatchCustomResource,
  ...garbageCollectionTests,
  ...serverSideApplyTests,
  eventsBothApis,
];
