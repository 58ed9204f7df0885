import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest, type TestContext } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ApiResponse, ClusterClient } from '../framework/http/client.js';
import { WatchClosedByServerError, WatchRefusedError } from '../framework/http/watch.js';
import {
  configMap,
  configMapsPath,
  describeResponse,
  expectFailureStatus,
  mergePatch,
} from '../framework/kube.js';
import { LOGICAL_CLUSTER_PATH, type LogicalCluster } from '../framework/tenancy.js';
import { AREA } from './area.js';

const INACTIVE = 'core.kcp.io/inactive';

/**
 * Sets or removes the mark with a merge patch (no resourceVersion, so the LogicalCluster
 * controller writing the phase meanwhile cannot make it conflict), polling as kcp's e2e helper does.
 */
function setInactive(ctx: TestContext, client: ClusterClient, inactive: boolean): Promise<void> {
  return ctx.eventually(
    async () => {
      const patch = { metadata: { annotations: { [INACTIVE]: inactive ? 'true' : null } } };
      const response = await mergePatch(client, LOGICAL_CLUSTER_PATH, patch, ctx.signal);
      expect(response.status, describeResponse(response)).to.equal(200);
    },
    { description: `${inactive ? 'set' : 'remove'} ${INACTIVE} on the LogicalCluster` },
  );
}

export const inactiveLogicalCluster: ConformanceTest = {
  id: `${AREA}/inactive-logical-cluster`,
  area: AREA,
  description:
    `Once the LogicalCluster of a workspace is annotated ${INACTIVE}: "true", requests into the workspace ` +
    'MUST be refused with 403 Forbidden for logicalclusters.core.kcp.io named by its logical cluster ' +
    '("logical cluster is marked inactive") and watches open into it MUST be ended, while the LogicalCluster ' +
    'stays readable and writable; once the annotation is removed the workspace MUST be served again.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.ConfigMaps, Feature.Watch],
  source: [
    'kcp: test/e2e/workspace/inactive_test.go',
    'kcp: pkg/server/filters/inactivelogicalcluster.go',
    'kcp: pkg/reconciler/core/logicalcluster/logicalcluster_reconcile_phase.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    // A workspace of its own: while it is inactive nothing in it can be cleaned up. The test's
    // identity created it and is its admin, as the kcp e2e test's admin is (server.BaseConfig).
    const workspace = await ctx.createWorkspace();
    const { client, clusterName } = workspace;
    const configMaps = configMapsPath('default');
    // ERROR events are read like others: only how the stream ends matters here.
    const watch = await client.watch({ path: configMaps, signal: ctx.signal, errorEvents: 'deliver' });

    await setInactive(ctx, client, true);
    try {
      // kcp ends it from its LogicalCluster controller, after the mark: wait as for any event.
      const ended = await watch
        .nextMatching(() => false, ctx.timeouts.eventually)
        .catch((error: unknown) => error);
      expect(ended, `the watch opened before the mark: ${String(ended)}`).to.be.instanceOf(
        WatchClosedByServerError,
      );

      const message = `logicalclusters.core.kcp.io "${clusterName}" is forbidden: logical cluster is marked inactive`;
      const refused = (response: ApiResponse): void => {
        const status = expectFailureStatus(response, 403, 'Forbidden');
        expect(status.message, describeResponse(response)).to.equal(message);
        expect(status.details, describeResponse(response)).to.deep.include({
          name: clusterName,
          group: 'core.kcp.io',
          kind: 'logicalclusters',
        });
      };
      // The filter reads the mark from an informer on kcp: refused eventually, then every time.
      await ctx.eventually(async () => refused(await client.get('/api/v1/namespaces')), {
        description: 'list namespaces refused',
      });
      refused(await client.post(configMaps, configMap(ctx.uniqueName('kh-inactive'))));
      refused(await client.get('/api'));
      const reopened = await client.watch({ path: configMaps, signal: ctx.signal }).catch((e: unknown) => e);
      expect(reopened, `a watch opened while inactive: ${String(reopened)}`).to.be.instanceOf(
        WatchRefusedError,
      );
      expect((reopened as WatchRefusedError).code, String(reopened)).to.equal(403);

      const logicalCluster = await client.get<LogicalCluster>(LOGICAL_CLUSTER_PATH);
      expect(logicalCluster.status, describeResponse(logicalCluster)).to.equal(200);
      expect(logicalCluster.body.metadata.annotations?.[INACTIVE]).to.equal('true');
    } finally {
      watch.close();
      await setInactive(ctx, client, false);
    }

    await ctx.eventually(
      async () => {
        const response = await client.get('/api/v1/namespaces');
        expect(response.status, describeResponse(response)).to.equal(200);
      },
      { description: 'list namespaces served again' },
    );
    // kcp lets requests in as soon as its informer sees the annotation gone, but a watch opened
    // before its LogicalCluster controller has reactivated the cluster still runs on the cancelled
    // cluster context and ends at once (ERROR 500 "context canceled"): retry until one delivers.
    await ctx.eventually(
      async () => {
        const again = await client.watch({ path: configMaps, signal: ctx.signal });
        try {
          const name = ctx.uniqueName('kh-active');
          const created = await client.post(configMaps, configMap(name));
          expect(created.status, describeResponse(created)).to.equal(201);
          const added = await again.nextMatching(
            (event) => (event.object as { metadata?: { name?: string } }).metadata?.name === name,
          );
          expect(added.type).to.equal('ADDED');
        } finally {
          again.close();
        }
      },
      { description: 'a watch opened after the annotation is removed delivers events' },
    );
  },
};
