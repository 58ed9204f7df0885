import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMapsPath } from '../framework/kube.js';
import { AREA } from './area.js';
import { bindClusterRole, CLUSTER_ADMIN, eventuallyStatus, expectForbidden, userSubject } from './rbac.js';

export const wildcardMastersOnly: ConformanceTest = {
  id: `${AREA}/wildcard-only-system-masters`,
  area: AREA,
  description:
    'A user outside system:masters, even cluster-admin of a workspace, MUST get 403 Forbidden for lists and ' +
    'watches across all logical clusters (/clusters/*).',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/authorizer/authorizer_test.go',
    'kcp: pkg/authorization/workspace_content_authorizer.go',
    'kcp: docs/content/concepts/sharding/shards.md',
  ],
  async run(ctx) {
    const [admin] = ctx.users(1);
    await bindClusterRole(ctx.client, ctx.uniqueName('kh-admin'), CLUSTER_ADMIN, [userSubject(admin.name)]);
    await eventuallyStatus(
      ctx,
      () => admin.client.get(configMapsPath(ctx.namespace)),
      200,
      `${admin.name} lists ConfigMaps in its workspace`,
    );
    const wildcard = admin.client.at(ctx.clusterUrl('*'));
    for (const path of [
      '/api/v1/configmaps',
      '/api/v1/namespaces',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    ]) {
      expectForbidden(await wildcard.get(path));
      // A watch that were let through would stream until the request deadline, failing the test too.
      expectForbidden(await wildcard.get(path, { query: { watch: 'true' } }));
    }
  },
};
