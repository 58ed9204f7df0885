import { expect } from 'chai';
import { serverOf } from '../framework/cluster-paths.js';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse } from '../framework/kube.js';
import { AREA } from './area.js';
import {
  bindClusterRole,
  CLUSTER_ROLE_BINDINGS_PATH,
  createClusterRole,
  eventuallyStatus,
  METRICS_READER,
  userSubject,
  WORKSPACE_ACCESS,
} from './rbac.js';

/** Prometheus text, as a scraper asks for it. */
const getMetrics = (client: ClusterClient) => client.get('/metrics', { headers: { accept: 'text/plain' } });

export const metricsNotInWorkspace: ConformanceTest = {
  id: `${AREA}/metrics-not-at-workspace-scope`,
  area: AREA,
  description:
    'GET /clusters/<workspace>/metrics MUST answer 501 Not Implemented, even for a user granted get on ' +
    '/metrics in that workspace and for the run identity: metrics belong to the shard, not to a workspace.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: ['kcp: test/e2e/authorizer/shardmetrics_test.go', 'kcp: pkg/server/filters/shardlevelpaths.go'],
  async run(ctx) {
    const [user] = ctx.users(1);
    const role = ctx.uniqueName('kh-workspace-metrics');
    await createClusterRole(ctx.client, role, [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]);
    await bindClusterRole(ctx.client, role, role, [userSubject(user.name)]);
    await bindClusterRole(ctx.client, ctx.uniqueName('kh-access'), WORKSPACE_ACCESS, [
      userSubject(user.name),
    ]);
    // Once the user gets /version the bindings count, so a 501 is not a refusal in disguise.
    await eventuallyStatus(ctx, () => user.client.get('/version'), 200, `${user.name} reads /version`);
    for (const [who, client] of [
      [user.name, user.client],
      ['the run identity', ctx.client],
      ['the run identity in root', ctx.client.at(ctx.clusterUrl('root'))],
    ] as const) {
      const response = await getMetrics(client);
      expect(response.status, `${who}: ${describeResponse(response)}`).to.equal(501);
    }
  },
};

export const metricsReaderInRoot: ConformanceTest = {
  id: `${AREA}/metrics-reader-bound-in-root`,
  area: AREA,
  description:
    'Top-level GET /metrics MUST be 403 Forbidden for a user without a grant, and MUST answer 200 with ' +
    'Prometheus metrics once a ClusterRoleBinding in root binds it to system:kcp:metrics-reader.',
  level: 'MUST',
  // The grant lives in kcp's root workspace and names kcp's system:kcp:metrics-reader role.
  features: [Feature.Workspaces, Feature.ShardMetrics],
  source: [
    'kcp: test/e2e/authorizer/shardmetrics_test.go',
    'kcp: pkg/authorization/shardpaths/paths.go',
    'kcp: pkg/authorization/bootstrap/policy.go',
  ],
  serial:
    'it binds test user 1 in root, which every workspace shares, and checks that user on the whole ' +
    "shard's /metrics",
  async run(ctx) {
    const [reader] = ctx.users(1);
    const shard = reader.client.at(serverOf(ctx.client.baseUrl));
    const before = await getMetrics(shard);
    expect(
      before.status,
      `${reader.name} must not read /metrics before the test binds it (is it bound in root already?): ${describeResponse(before)}`,
    ).to.equal(403);

    // Root is shared by every run: the binding has a unique name and is removed whatever happens.
    const root = ctx.client.at(ctx.clusterUrl('root'));
    const binding = ctx.uniqueName('kh-metrics-reader');
    await bindClusterRole(root, binding, METRICS_READER, [userSubject(reader.name)]);
    try {
      const granted = await eventuallyStatus(
        ctx,
        () => getMetrics(shard),
        200,
        `${reader.name} reads /metrics`,
      );
      expect(granted.text, 'the /metrics body').to.match(/^# (HELP|TYPE) /m);
    } finally {
      const removed = await root.delete(`${CLUSTER_ROLE_BINDINGS_PATH}/${binding}`);
      ctx.log(`removed ClusterRoleBinding ${binding} from root: HTTP ${removed.status}`);
    }
    await eventuallyStatus(ctx, () => getMetrics(shard), 403, `${reader.name} refused /metrics once unbound`);
  },
};
