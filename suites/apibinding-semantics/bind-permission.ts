import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { describeResponse, expectFailureStatus } from '../framework/kube.js';
import { bindClusterRole, CLUSTER_ADMIN, eventuallyStatus, userSubject } from '../rbac-scoping/rbac.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  BINDINGS_PATH,
  bindRule,
  createConsumer,
  createProvider,
  createRole,
  postBinding,
  referenceTo,
  waitBound,
} from './support.js';

export const bindPermission: ConformanceTest = {
  id: `${AREA}/bind-permission`,
  area: AREA,
  description:
    'A user who is cluster-admin in the consumer workspace but has no bind permission on the APIExport in the ' +
    'provider workspace MUST get 403 Forbidden saying "no permission to bind to export <path>:<name>" when ' +
    'creating an APIBinding; once the provider grants verb bind on apiexports/<name> (apis.kcp.io) to the user, ' +
    'the same create MUST succeed and the binding reach Bound, without any other access to the provider.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: pkg/admission/apibinding/apibinding_admission.go',
    'kcp: pkg/admission/apibinding/binding_permissions.go',
    'kcp: test/e2e/apibinding/maximalpermissionpolicy_authorizer_test.go',
    'kcp: test/e2e/apibinding/default_apibinding_admission_test.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    // Bind is checked in the provider, outside the workspace of the request: the user must count as
    // itself there (kcp scopes users impersonated by an identity outside system:masters).
    const [user] = ctx.users(1, { unscoped: true });
    const provider = await createProvider(ctx);
    const consumer = await createConsumer(ctx);
    await bindClusterRole(consumer.client, ctx.uniqueName('kh-admin'), CLUSTER_ADMIN, [
      userSubject(user.name),
    ]);
    const asUser = user.client.at(consumer.client.baseUrl);
    await eventuallyStatus(
      ctx,
      () => asUser.get(BINDINGS_PATH),
      200,
      `${user.name} lists APIBindings in the consumer`,
    );

    const name = ctx.uniqueName('kh-binding');
    const refused = await postBinding(asUser, name, referenceTo(provider));
    const status = expectFailureStatus(refused, 403, 'Forbidden');
    expect(status.message, 'message').to.contain(
      `no permission to bind to export ${provider.path}:${provider.exportName}`,
    );

    const role = ctx.uniqueName('kh-bind');
    await createRole(provider.client, role, [bindRule(provider.exportName)]);
    await bindClusterRole(provider.client, role, role, [userSubject(user.name)]);
    await ctx.eventually(
      async () => {
        const response = await postBinding(asUser, name, referenceTo(provider));
        expect(response.status, describeResponse(response)).to.equal(201);
      },
      { description: `${user.name} creates APIBinding ${name} once bind is granted` },
    );
    await waitBound(ctx, consumer.client, name);
  },
};
