import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
  expectStatusCode,
} from '../framework/kube.js';
import { waitForPhase } from '../framework/workspace-checks.js';
import { eventuallyStatus, namespaceObject } from '../rbac-scoping/rbac.js';
import { AREA } from './area.js';
import {
  createUsableType,
  createWorkspaceOfType,
  grantOnType,
  publishedVirtualWorkspaceURL,
  removeOwnInitializer,
} from './workspace-types.js';

export const initializerPermissions: ConformanceTest = {
  id: `${AREA}/initializer-permissions`,
  area: AREA,
  description:
    'When a WorkspaceType with an initializer sets initializerPermissions, its initializing virtual workspace MUST ' +
    'let the initializer (a user with `initialize` on the type) do in the workspace what those rules allow and ' +
    'MUST refuse the rest with 403, while the workspace initializes.',
  level: 'MUST',
  features: [
    Feature.Workspaces,
    Feature.WorkspaceTypes,
    Feature.WorkspaceInitializers,
    Feature.InitializingWorkspacesVirtualWorkspace,
    Feature.LifecyclePermissions,
    Feature.ConfigMaps,
  ],
  source: [
    'kcp: test/e2e/virtual/initializingworkspaces/virtualworkspace_test.go',
    'kcp: pkg/virtual/initializingworkspaces/builder/build.go',
    'kcp: pkg/authorization/lifecycle_permissions.go',
    'kcp: pkg/authorization/workspace_content_authorizer.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const { client } = ctx;
    const [user] = ctx.users(1, { unscoped: true });
    const type = await createUsableType(ctx, client, ctx.uniqueName('kh-initperm'), {
      initializer: true,
      initializerPermissions: [
        {
          apiGroups: [''],
          resources: ['namespaces', 'configmaps'],
          verbs: ['get', 'list', 'create', 'delete'],
        },
      ],
    });
    const initializer = `${type.path}:${type.name}`;
    const url = await publishedVirtualWorkspaceURL(ctx, client, type, 'initializing');
    const path = await createWorkspaceOfType(ctx, ctx.uniqueName('kh-initperm'), type);
    const workspace = await waitForPhase(ctx, path, 'Initializing');
    const cluster = workspace.spec?.cluster ?? '';
    await grantOnType(ctx, type, 'initialize', user.name);

    const one = user.client.at(`${url}/clusters/${cluster}`);
    const namespace = ctx.uniqueName('kh-seeded');
    await eventuallyStatus(
      ctx,
      () => one.post('/api/v1/namespaces', namespaceObject(namespace)),
      201,
      `${user.name} creates a namespace through ${url}`,
    );
    expectStatusCode(await one.post(configMapsPath(namespace), configMap('seed', { a: 'b' })), 201);
    expectStatusCode(await one.get(configMapPath(namespace, 'seed')), 200);
    // Outside the rules: kcp answers in plain text, so only the code is checked.
    const secret = await one.get(`/api/v1/namespaces/${namespace}/secrets/none`);
    expect(secret.status, describeResponse(secret)).to.equal(403);

    // Done: the initializer lets the workspace go Ready.
    await removeOwnInitializer(ctx, one, initializer);
    await waitForPhase(ctx, path, 'Ready');
    const after = await client.at(ctx.clusterUrl(path)).get(configMapPath(namespace, 'seed'));
    expect(after.status, `the seeded ConfigMap in ${path}: ${describeResponse(after)}`).to.equal(200);
  },
};
