// Every apibinding-semantics test, in the order they run: exporting and binding first, then
// serving bound resources, isolation, admission and permissions, conflicts, deletion, policies,
// versions, endpoint slices and default bindings, then the APIExport virtual workspace.
import type { ConformanceTest } from '../framework/conformance-test.js';
import { bindPermission } from './bind-permission.js';
import { bindingBound } from './binding-bound.js';
import { bindingFinalizerAndLabel } from './binding-finalizer-and-label.js';
import { bindingReadyColumn } from './binding-ready-column.js';
import { boundResourceApply } from './bound-resource-apply.js';
import { boundResourceCrud } from './bound-resource-crud.js';
import { boundResourceDiscovery } from './bound-resource-discovery.js';
import { boundResourceFieldSelectors } from './bound-resource-field-selectors.js';
import { boundResourcePatch } from './bound-resource-patch.js';
import { boundResourceTable } from './bound-resource-table.js';
import { boundResourceValidation } from './bound-resource-validation.js';
import { consumerIsolation } from './consumer-isolation.js';
import { crdOverBoundResource } from './crd-over-bound-resource.js';
import { defaultBindings } from './default-bindings.js';
import { deleteBinding } from './delete-binding.js';
import { deletionBlocked } from './deletion-blocked.js';
import { endpointSlice } from './endpoint-slice.js';
import { exportDeleted } from './export-deleted.js';
import { exportIdentity } from './export-identity.js';
import { exportNotServedInProvider } from './export-not-served-in-provider.js';
import { identitySeparation } from './identity-separation.js';
import { localExportNotFound } from './local-export-not-found.js';
import { maximalPermissionPolicy } from './maximal-permission-policy.js';
import { namingConflict } from './naming-conflict.js';
import { pathExportNotFound } from './path-export-not-found.js';
import { referenceImmutable } from './reference-immutable.js';
import { reservedCrds } from './reserved-crds.js';
import { schemaAdmission } from './schema-admission.js';
import { statusWritesForbidden } from './status-writes-forbidden.js';
import { versionRoundTrip } from './version-round-trip.js';
import {
  virtualWorkspaceClaims,
  virtualWorkspaceClaimSelector,
  virtualWorkspaceIdentityClaim,
} from './virtual-workspace-claims.js';
import { virtualWorkspaceClaimPolicy } from './virtual-workspace-claim-policy.js';
import { virtualWorkspaceAuthorization } from './virtual-workspace-authorization.js';
import { virtualWorkspaceDiscovery } from './virtual-workspace-discovery.js';
import { virtualWorkspaceList } from './virtual-workspace-list.js';
import { virtualWorkspaceRefusals } from './virtual-workspace-refusals.js';
import { virtualWorkspaceWatch } from './virtual-workspace-watch.js';
import { virtualWorkspaceWrites } from './virtual-workspace-writes.js';

export const apibindingSemanticsTests: readonly ConformanceTest[] = [
  bindingBound,
  exportIdentity,
  exportNotServedInProvider,
  boundResourceDiscovery,
  boundResourceCrud,
  boundResourceValidation,
  boundResourcePatch,
  boundResourceApply,
  boundResourceTable,
  boundResourceFieldSelectors,
  consumerIsolation,
  identitySeparation,
  localExportNotFound,
  pathExportNotFound,
  referenceImmutable,
  bindPermission,
  namingConflict,
  crdOverBoundResource,
  reservedCrds,
  bindingFinalizerAndLabel,
  deleteBinding,
  deletionBlocked,
  exportDeleted,
  maximalPermissionPolicy,
  statusWritesForbidden,
  versionRoundTrip,
  endpointSlice,
  schemaAdmission,
  defaultBindings,
  bindingReadyColumn,
  virtualWorkspaceDiscovery,
  virtualWorkspaceList,
  virtualWorkspaceWrites,
  virtualWorkspaceWatch,
  virtualWorkspaceAuthorization,
  virtualWorkspaceRefusals,
  virtualWorkspaceClaims,
  virtualWorkspaceClaimSelector,
  virtualWorkspaceIdentityClaim,
  virtualWorkspaceClaimPolicy,
];
