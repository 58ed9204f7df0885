import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import {
  ACCESS_RULE,
  bindClusterRole,
  createClusterRole,
  eventuallyStatus,
  expectForbidden,
  userSubject,
} from '../rbac-scoping/rbac.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { APIS_GROUP, boundSetup, collectionPath, cowhand, objectPath } from './support.js';
import { ALL_COWHANDS, virtualWorkspaceAt, virtualWorkspaceOf } from './virtual-workspace-support.js';

export const virtualWorkspaceAuthorization: ConformanceTest = {
  id: `${AREA}/virtual-workspace-authorization`,
  area: AREA,
  description:
    "A request to an APIExport's virtual workspace MUST be authorized as the same verb on apiexports/content " +
    "named by the export in the export's workspace: a user without it MUST get 403 for every verb, a user " +
    'granted list and watch MUST be able to list at /clusters/* but MUST get 403 for get and create in a ' +
    'consumer, and granting get and create there MUST allow those.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.APIExportVirtualWorkspace],
  source: [
    'kcp: pkg/virtual/apiexport/authorizer/content.go',
    'kcp: test/e2e/virtual/apiexport/virtualworkspace_test.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    // The check happens in the export's workspace, outside the workspace of the request.
    const [user] = ctx.users(1, { unscoped: true });
    const { provider, consumer } = await boundSetup(ctx);
    const name = ctx.uniqueName('hand');
    expectStatusCode(await consumer.client.post(collectionPath(consumer.namespace), cowhand(name)), 201);
    const url = (await virtualWorkspaceOf(ctx, provider)).url;
    const vw = virtualWorkspaceAt(url, user.client);
    const inConsumer = vw.cluster(consumer.workspace.clusterName);
    const path = objectPath(consumer.namespace, name);

    expectForbidden(await vw.all.get(ALL_COWHANDS));
    expectForbidden(await inConsumer.get(path));

    const grant = async (verbs: string[]) => {
      const role = ctx.uniqueName('kh-content');
      await createClusterRole(provider.client, role, [
        ACCESS_RULE,
        {
          verbs,
          apiGroups: [APIS_GROUP],
          resources: ['apiexports/content'],
          resourceNames: [provider.exportName],
        },
      ]);
      await bindClusterRole(provider.client, role, role, [userSubject(user.name)]);
    };
    await grant(['list', 'watch']);
    await eventuallyStatus(ctx, () => vw.all.get(ALL_COWHANDS), 200, `${user.name} lists through ${url}`);
    const other = ctx.uniqueName('hand');
    expectForbidden(await inConsumer.get(path));
    expectForbidden(await inConsumer.post(collectionPath(consumer.namespace), cowhand(other)));

    await grant(['get', 'create']);
    await eventuallyStatus(ctx, () => inConsumer.get(path), 200, `${user.name} gets ${name} through ${url}`);
    const created = await inConsumer.post(collectionPath(consumer.namespace), cowhand(other));
    expect(created.status, describeResponse(created)).to.equal(201);
    expectStatusCode(await consumer.client.get(objectPath(consumer.namespace, other)), 200);
    expectForbidden(await inConsumer.delete(path));
  },
};
