import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
  expectFailureStatus,
  expectStatusCode,
  mergePatch,
  type KubeList,
} from '../framework/kube.js';
import type { LogicalCluster } from '../framework/tenancy.js';
import {
  deleteWorkspaceAt,
  readWorkspace,
  waitForPhase,
  waitUntilGone,
} from '../framework/workspace-checks.js';
import { eventuallyStatus, expectForbidden, namespaceObject } from '../rbac-scoping/rbac.js';
import { AREA } from './area.js';
import {
  createUsableType,
  createWorkspaceOfType,
  grantOnType,
  LOGICAL_CLUSTERS,
  publishedVirtualWorkspaceURL,
} from './workspace-types.js';

const HOLD = 'kcp-harness.io/hold';

export const terminatingVirtualWorkspace: ConformanceTest = {
  id: `${AREA}/terminating-virtual-workspace`,
  area: AREA,
  description:
    'A workspace of a WorkspaceType with terminator: true MUST list <type cluster>:<type name> in ' +
    'status.terminators and, once deleted, stay in phase Terminating; the type MUST publish a `terminating` URL ' +
    '(/services/terminatingworkspaces/<type cluster>:<type name>) where a user with `terminate` on the type (403 ' +
    'without it) MUST see the deletion as a MODIFIED watch event at /clusters/*, list the LogicalCluster, reach ' +
    "the workspace's content at /clusters/<name>, get 405 for a non-status patch and 422 for any status change " +
    'but removing its own terminator; after removing it the watch MUST see DELETED, the get MUST answer 404 and ' +
    'the workspace MUST go away once its content is.',
  level: 'MUST',
  features: [
    Feature.Workspaces,
    Feature.WorkspaceTypes,
    Feature.WorkspaceTerminators,
    Feature.TerminatingWorkspacesVirtualWorkspace,
    Feature.ConfigMaps,
    Feature.Watch,
  ],
  source: [
    'kcp: test/e2e/virtual/terminatingworkspaces/virtualworkspace_test.go',
    'kcp: pkg/virtual/terminatingworkspaces/builder/build.go',
    'kcp: pkg/virtual/terminatingworkspaces/builder/forwarding.go',
    'kcp: pkg/reconciler/tenancy/workspace/workspace_reconcile_phase.go',
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/tenancy/termination/utils.go',
  ],
  deadline: workspaceDeadline(4),
  async run(ctx) {
    const { client } = ctx;
    const [user, other] = ctx.users(2, { unscoped: true });
    const type = await createUsableType(ctx, client, ctx.uniqueName('kh-vwterm'), { terminator: true });
    const terminator = `${type.path}:${type.name}`;
    const url = await publishedVirtualWorkspaceURL(ctx, client, type, 'terminating');

    const path = await createWorkspaceOfType(ctx, ctx.uniqueName('kh-terminating'), type);
    await waitForPhase(ctx, path, 'Ready');
    const workspace = await ctx.eventually(
      async () => {
        const current = await readWorkspace(ctx, path);
        expect(current.status?.terminators, 'status.terminators of the Ready workspace').to.include(
          terminator,
        );
        return current;
      },
      { description: `${path} lists its terminator` },
    );
    const cluster = workspace.spec?.cluster ?? '';

    // Content that outlives the start of deletion: kcp deletes content while terminators run.
    const content = ctx.client.at(ctx.clusterUrl(path));
    const namespace = 'kh-held';
    const held = { ...configMap('held', { foo: 'bar' }) };
    held.metadata.finalizers = [HOLD];
    await eventuallyStatus(
      ctx,
      () => content.post('/api/v1/namespaces', namespaceObject(namespace)),
      201,
      'namespace',
    );
    expectStatusCode(await content.post(configMapsPath(namespace), held), 201);
    const release = async () => {
      const response = await mergePatch(content, configMapPath(namespace, 'held'), {
        metadata: { finalizers: null },
      });
      expect([200, 404], describeResponse(response)).to.include(response.status);
    };

    const asUser = user.client.at(`${url}/clusters/*`);
    expectForbidden(await asUser.get(LOGICAL_CLUSTERS));
    await grantOnType(ctx, type, 'terminate', user.name);
    const before = await eventuallyStatus(
      ctx,
      () => asUser.get<KubeList>(LOGICAL_CLUSTERS),
      200,
      `${user.name} lists through ${url}`,
    );
    const ofCluster = (o: unknown) =>
      (o as LogicalCluster).metadata?.annotations?.['kcp.io/cluster'] === cluster;
    expect((before.body as KubeList).items.filter(ofCluster), 'a workspace not yet deleted').to.have.length(
      0,
    );

    const watch = await asUser.watch({
      path: LOGICAL_CLUSTERS,
      resourceVersion: (before.body as KubeList).metadata.resourceVersion,
      signal: ctx.signal,
    });
    const one = user.client.at(`${url}/clusters/${cluster}`);
    const lcPath = `${LOGICAL_CLUSTERS}/cluster`;
    let removed = false;
    try {
      await deleteWorkspaceAt(ctx, path);
      const deleted = await watch.nextMatching((e) => ofCluster(e.object));
      expect(deleted.type, 'the first event of the deleted LogicalCluster').to.equal('MODIFIED');
      expect((deleted.object as LogicalCluster).metadata?.deletionTimestamp, 'deletionTimestamp').to.be.a(
        'string',
      );
      const terminating = await waitForPhase(ctx, path, 'Terminating');
      expect(terminating.status?.terminators, 'status.terminators while Terminating').to.include(terminator);

      const listed = expectStatusCode(await asUser.get<KubeList>(LOGICAL_CLUSTERS), 200);
      expect(listed.items.filter(ofCluster), 'the deleted LogicalCluster at /clusters/*').to.have.length(1);
      const current = expectStatusCode(await one.get<LogicalCluster>(lcPath), 200);
      expect(current.status?.terminators, 'status.terminators').to.include(terminator);

      // The workspace's content, acting as its owner; nobody else gets in.
      const cm = configMapPath(namespace, 'held');
      expectStatusCode(await one.get(cm), 200);
      expectForbidden(await other!.client.at(`${url}/clusters/${cluster}`).get(cm));

      expectFailureStatus(
        await mergePatch(one, lcPath, { metadata: { labels: { 'kh-touched': 'yes' } } }),
        405,
        'MethodNotAllowed',
      );
      const statusPath = `${lcPath}/status`;
      expectFailureStatus(
        await mergePatch(one, statusPath, { status: { terminators: ['kh-wrong:wrong'] } }),
        422,
        'Invalid',
      );

      const left = (current.status?.terminators ?? []).filter((t) => t !== terminator);
      const answer = await mergePatch(one, statusPath, { status: { terminators: left } });
      expect(answer.status, describeResponse(answer)).to.equal(200);
      removed = true;
      const gone = await watch.nextMatching((e) => e.type === 'DELETED' && ofCluster(e.object));
      expect(gone.type).to.equal('DELETED');
      await ctx.eventually(
        async () => expect((await one.get(lcPath)).status, 'get after removal').to.equal(404),
        {
          description: `${cluster} no longer served to its terminator`,
        },
      );
      await release();
      await waitUntilGone(ctx, path);
    } finally {
      watch.close();
      // Left behind, the finalizer or the terminator would hold the workspace, and the run's, forever.
      await release().catch(() => undefined);
      if (!removed) {
        const admin = client.at(`${url}/clusters/${cluster}`);
        const latest = await admin.get<LogicalCluster>(lcPath).catch(() => undefined);
        const rest = (latest?.body?.status?.terminators ?? []).filter((t) => t !== terminator);
        await mergePatch(admin, `${lcPath}/status`, { status: { terminators: rest } }).catch(() => undefined);
      }
    }
  },
};
