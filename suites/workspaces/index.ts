// Every workspaces test, in the order they run: creation and addressing first, then types and
// initializers, then deletion.
import type { ConformanceTest } from '../framework/conformance-test.js';
import { clusterAnnotation } from './cluster-annotation.js';
import { contentFinalizer } from './content-finalizer.js';
import { defaultNamespaceUndeletable } from './default-namespace.js';
import { defaultType } from './default-type.js';
import { deletedContentGone } from './delete-content-gone.js';
import { deleteNested } from './delete-nested.js';
import { deleteWorkspace } from './delete-workspace.js';
import { doubleClusterPrefix } from './double-cluster-prefix.js';
import { inactiveLogicalCluster } from './inactive-logical-cluster.js';
import { initialContent } from './initial-content.js';
import { kubectlWsNavigation } from './kubectl-ws.js';
import { listWorkspaces } from './list-workspaces.js';
import { logicalClusterObject } from './logical-cluster.js';
import { nameValidation } from './name-validation.js';
import { nestedTree } from './nested-tree.js';
import { pathAndName } from './path-and-name.js';
import { typeInitializer } from './type-initializer.js';
import { initializingVirtualWorkspace } from './initializing-virtual-workspace.js';
import { terminatingVirtualWorkspace } from './terminating-virtual-workspace.js';
import { initializerPermissions } from './initializer-permissions.js';
import { typeMustExist } from './type-must-exist.js';

export const workspacesTests: readonly ConformanceTest[] = [
  defaultType,
  nameValidation,
  logicalClusterObject,
  clusterAnnotation,
  pathAndName,
  kubectlWsNavigation,
  doubleClusterPrefix,
  initialContent,
  defaultNamespaceUndeletable,
  nestedTree,
  listWorkspaces,
  typeMustExist,
  typeInitializer,
  initializingVirtualWorkspace,
  terminatingVirtualWorkspace,
  initializerPermissions,
  inactiveLogicalCluster,
  deleteWorkspace,
  deletedContentGone,
  deleteNested,
  contentFinalizer,
];
