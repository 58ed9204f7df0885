import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectFailureStatus } from '../framework/kube.js';
import { SYSTEM_MASTERS, whoAmI } from '../framework/target/privileged.js';
import { AREA } from './area.js';

/** A user name nobody has bound to anything. */
const NOBODY = 'kcp-harness:unprivileged';

export const wildcardForbidden: ConformanceTest = {
  id: `${AREA}/wildcard-needs-system-masters`,
  area: AREA,
  description:
    'A user outside system:masters, even an administrator of the workspaces, MUST get 403 Forbidden for a ' +
    'list across all logical clusters (GET /clusters/*/api/v1/configmaps).',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/authorizer/authorizer_test.go',
    'kcp: pkg/authorization/workspace_content_authorizer.go',
    'kcp: docs/content/concepts/sharding/shards.md',
  ],
  async run(ctx) {
    // The subject is the context's identity (kcp's admin.kubeconfig: kcp-admin, not in
    // system:masters). Only if it is let through do we ask who it is: a run made as a
    // system:masters identity then asks again as a user nobody knows, by impersonation, which
    // system:masters may always do, so a 403 there is about the wildcard, never impersonation.
    const wildcard = ctx.client.at(ctx.clusterUrl('*'));
    const response = await wildcard.get('/api/v1/configmaps');
    if (response.status === 403) {
      expectFailureStatus(response, 403, 'Forbidden');
      return;
    }
    const me = await whoAmI(ctx.client, ctx.signal);
    expect(
      me?.groups ?? [],
      `a wildcard list was not refused (${describeResponse(response)}), so the run identity must be in ${SYSTEM_MASTERS}`,
    ).to.include(SYSTEM_MASTERS);
    const nobody = wildcard.withHeaders({ 'impersonate-user': NOBODY });
    expectFailureStatus(await nobody.get('/api/v1/configmaps'), 403, 'Forbidden');
  },
};
