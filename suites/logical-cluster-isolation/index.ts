// Every logical-cluster-isolation test, in the order they run.
import type { ConformanceTest } from '../framework/conformance-test.js';
import { crdIsolation } from './crd.js';
import { deleteKeepsSibling } from './delete-keeps-sibling.js';
import { listScoped } from './list-scoped.js';
import { namespacesPerWorkspace } from './namespaces.js';
import { sameNames } from './same-names.js';
import { unknownPath } from './unknown-path.js';
import { watchScoped } from './watch-scoped.js';
import { wildcardForbidden } from './wildcard-forbidden.js';
import { wildcardList } from './wildcard-list.js';
import { wildcardVerbs } from './wildcard-verbs.js';

export const logicalClusterIsolationTests: readonly ConformanceTest[] = [
  sameNames,
  listScoped,
  watchScoped,
  namespacesPerWorkspace,
  crdIsolation,
  deleteKeepsSibling,
  unknownPath,
  wildcardForbidden,
  wildcardList,
  wildcardVerbs,
];
