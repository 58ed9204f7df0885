import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectFailureStatus, expectStatusCode, mergePatch } from '../framework/kube.js';
import { bindClusterRole, CLUSTER_ADMIN, eventuallyStatus, userSubject } from '../rbac-scoping/rbac.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { BINDINGS_PATH, boundSetup, EXPORTS_PATH } from './support.js';

export const statusWritesForbidden: ConformanceTest = {
  id: `${AREA}/status-writes-forbidden`,
  area: AREA,
  description:
    'Workspace admins (cluster-admin in the workspace) MUST get 403 Forbidden when writing apiexports/status or ' +
    'apibindings/status, even with a patch that changes nothing; a system:masters identity MUST be allowed ' +
    'the same writes.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.PrivilegedIdentity],
  source: [
    'kcp: pkg/authorization/system_crd_authorizer.go',
    'kcp: test/e2e/apibinding/maximalpermissionpolicy_authorizer_test.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const [user] = ctx.users(1);
    const { provider, consumer, binding, bindingName } = await boundSetup(ctx);
    const masters = ctx.privileged();
    const writes = [
      {
        client: provider.client,
        path: `${EXPORTS_PATH}/${provider.exportName}`,
        patch: { status: { identityHash: provider.identityHash } },
      },
      {
        client: consumer.client,
        path: `${BINDINGS_PATH}/${bindingName}`,
        patch: { status: { phase: binding.status?.phase } },
      },
    ];
    for (const { client, path, patch } of writes) {
      await bindClusterRole(client, ctx.uniqueName('kh-admin'), CLUSTER_ADMIN, [userSubject(user.name)]);
      const asAdmin = user.client.at(client.baseUrl);
      // The grant has settled once the admin can read the object itself.
      await eventuallyStatus(ctx, () => asAdmin.get(path), 200, `${user.name} reads ${path}`);
      const refused = await mergePatch(asAdmin, `${path}/status`, patch);
      expectFailureStatus(refused, 403, 'Forbidden');
      const allowed = await mergePatch(masters.at(client.baseUrl), `${path}/status`, patch);
      expect(expectStatusCode(allowed, 200), `${path}/status patched by system:masters`).to.be.an('object');
    }
  },
};
