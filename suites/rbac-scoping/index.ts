// Every rbac-scoping test, in the order they run.
import type { ConformanceTest } from '../framework/conformance-test.js';
import { accessReviews } from './access-reviews.js';
import { accessDefaultRules } from './access-rules.js';
import { parentAdminNotInChild } from './child.js';
import { creatorIsAdmin } from './creator.js';
import { healthAndVersion } from './health.js';
import { impersonationLimits } from './impersonation.js';
import { metricsNotInWorkspace, metricsReaderInRoot } from './metrics.js';
import { roleConfined } from './role.js';
import { serviceAccountScoped } from './service-account.js';
import { siblingHasNothing } from './sibling.js';
import { wildcardMastersOnly } from './wildcard.js';

export const rbacScopingTests: readonly ConformanceTest[] = [
  siblingHasNothing,
  parentAdminNotInChild,
  creatorIsAdmin,
  accessDefaultRules,
  roleConfined,
  serviceAccountScoped,
  wildcardMastersOnly,
  accessReviews,
  impersonationLimits,
  healthAndVersion,
  metricsNotInWorkspace,
  metricsReaderInRoot,
];
