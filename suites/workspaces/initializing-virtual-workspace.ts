import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectFailureStatus, expectStatusCode, type KubeList } from '../framework/kube.js';
import { type LogicalCluster } from '../framework/tenancy.js';
import { waitForPhase } from '../framework/workspace-checks.js';
import { eventuallyStatus, expectForbidden, namespaceObject } from '../rbac-scoping/rbac.js';
import { AREA } from './area.js';
import {
  createUsableType,
  createWorkspaceOfType,
  grantOnType,
  LOGICAL_CLUSTERS,
  publishedVirtualWorkspaceURL,
  removeOwnInitializer,
} from './workspace-types.js';

export const initializingVirtualWorkspace: ConformanceTest = {
  id: `${AREA}/initializing-virtual-workspace`,
  area: AREA,
  description:
    'A WorkspaceType with an initializer MUST publish in status.virtualWorkspaces an `initializing` URL ending in ' +
    '/services/initializingworkspaces/<type cluster>:<type name>; there, a user with `initialize` on the type MUST ' +
    'list and watch at /clusters/* the LogicalClusters Initializing with that initializer (403 without it), get ' +
    "one at /clusters/<name>, reach the workspace's content there, and remove only its own initializer from its status (422 otherwise); the watch MUST " +
    'then see the LogicalCluster DELETED, the workspace MUST become Ready, and the get MUST answer 404 and the content 403.',
  level: 'MUST',
  features: [
    Feature.Workspaces,
    Feature.WorkspaceTypes,
    Feature.WorkspaceInitializers,
    Feature.InitializingWorkspacesVirtualWorkspace,
    Feature.Watch,
  ],
  source: [
    'kcp: test/e2e/virtual/initializingworkspaces/virtualworkspace_test.go',
    'kcp: pkg/virtual/initializingworkspaces/builder/build.go',
    'kcp: pkg/virtual/initializingworkspaces/builder/forwarding.go',
    'kcp: pkg/reconciler/tenancy/workspacetype/workspacetype_controller_reconcile.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const { client } = ctx;
    const [user] = ctx.users(1, { unscoped: true });
    const type = await createUsableType(ctx, client, ctx.uniqueName('kh-vwinit'), { initializer: true });
    const initializer = `${type.path}:${type.name}`;
    const url = await publishedVirtualWorkspaceURL(ctx, client, type, 'initializing');
    const path = await createWorkspaceOfType(ctx, ctx.uniqueName('kh-initializing'), type);
    const workspace = await waitForPhase(ctx, path, 'Initializing');
    const cluster = workspace.spec?.cluster ?? '';

    const asUser = user.client.at(`${url}/clusters/*`);
    expectForbidden(await asUser.get(LOGICAL_CLUSTERS));
    await grantOnType(ctx, type, 'initialize', user.name);
    await eventuallyStatus(ctx, () => asUser.get(LOGICAL_CLUSTERS), 200, `${user.name} lists through ${url}`);

    const inAll = (list: KubeList) => list.items.map((item) => item.metadata.annotations?.['kcp.io/cluster']);
    const list = await ctx.eventually(
      async () => {
        const current = expectStatusCode(await asUser.get<KubeList>(LOGICAL_CLUSTERS), 200);
        expect(inAll(current), 'LogicalClusters Initializing with the initializer').to.include(cluster);
        return current;
      },
      { description: `${cluster} listed through the initializing virtual workspace` },
    );
    const watch = await asUser.watch({
      path: LOGICAL_CLUSTERS,
      resourceVersion: list.metadata.resourceVersion,
      signal: ctx.signal,
    });
    try {
      const one = user.client.at(`${url}/clusters/${cluster}`);
      // The rest of the workspace, acting as its owner, while the initializer is due.
      const namespace = ctx.uniqueName('kh-seeded');
      expectStatusCode(await one.post('/api/v1/namespaces', namespaceObject(namespace)), 201);
      expectStatusCode(await one.get(`/api/v1/namespaces/${namespace}`), 200);
      const current = expectStatusCode(await one.get<LogicalCluster>(`${LOGICAL_CLUSTERS}/cluster`), 200);
      expect(current.status?.initializers, 'status.initializers').to.include(initializer);

      const statusPath = `${LOGICAL_CLUSTERS}/cluster/status`;
      const others = (current.status?.initializers ?? []).filter((i) => i !== initializer);
      const refused = async (initializers: string[]) =>
        expectFailureStatus(
          await one.put(statusPath, { ...current, status: { ...current.status, initializers } }),
          422,
          'Invalid',
        );
      // Anything but taking away its own initializer alone is refused: adding one, removing
      // someone else's, removing more than one.
      await refused([...(current.status?.initializers ?? []), 'kh-none:kh-bogus']);
      if (others.length > 0) {
        await refused([initializer]);
        await refused([]);
      }
      await removeOwnInitializer(ctx, one, initializer);
      const gone = await watch.nextMatching(
        (e) =>
          e.type === 'DELETED' &&
          (e.object as LogicalCluster).metadata?.annotations?.['kcp.io/cluster'] === cluster,
      );
      expect(gone.type).to.equal('DELETED');
      await waitForPhase(ctx, path, 'Ready');
      await ctx.eventually(
        async () =>
          expect((await one.get(`${LOGICAL_CLUSTERS}/cluster`)).status, 'get once Ready').to.equal(404),
        { description: `${cluster} no longer served to its initializer` },
      );
      // kcp's content proxy answers this 403 in plain text, not as a Status.
      const closed = await one.get(`/api/v1/namespaces/${namespace}`);
      expect(closed.status, describeResponse(closed)).to.equal(403);
    } finally {
      watch.close();
    }
  },
};
