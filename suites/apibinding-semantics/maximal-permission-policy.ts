import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectFailureStatus, expectStatusCode, type KubeList } from '../framework/kube.js';
import { bindClusterRole, CLUSTER_ADMIN, groupSubject, userSubject } from '../rbac-scoping/rbac.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  bindAndWait,
  collectionPath,
  cowhand,
  createConsumer,
  createProvider,
  createRole,
  GROUP,
  objectPath,
  PLURAL,
  type Consumer,
  type Cowhand,
} from './support.js';

/** The prefix kcp gives user and groups when it checks a request against an export's policy. */
const BINDING_PREFIX = 'apis.kcp.io:binding:';

export const maximalPermissionPolicy: ConformanceTest = {
  id: `${AREA}/maximal-permission-policy`,
  area: AREA,
  description:
    'When an APIExport sets maximalPermissionPolicy.local, a request on the bound resource in a consumer MUST ' +
    "also be allowed by the provider's RBAC for the user and groups prefixed apis.kcp.io:binding:: with a " +
    'provider role granting * on the resource alone, a consumer admin MUST be able to create, get, list, update ' +
    'and delete objects but MUST get 403 on the status subresource; for an export without a policy the same ' +
    'status update MUST succeed.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.MaximalPermissionPolicy],
  source: [
    'kcp: test/e2e/apibinding/maximalpermissionpolicy_authorizer_test.go',
    'kcp: pkg/authorization/maximal_permission_policy_authorizer.go',
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/apis/v1alpha1/types_apiexport.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    // The policy check evaluates the user in the provider, outside the workspace of the request.
    const [user] = ctx.users(1, { unscoped: true });
    const guarded = await createProvider(ctx, { maximalPermissionPolicy: true });
    const open = await createProvider(ctx, { workspace: guarded.workspace });
    const role = ctx.uniqueName('kh-policy');
    await createRole(guarded.client, role, [{ verbs: ['*'], apiGroups: [GROUP], resources: [PLURAL] }]);
    await bindClusterRole(guarded.client, role, role, [
      groupSubject(`${BINDING_PREFIX}system:authenticated`),
    ]);

    const asAdminOf = async (consumer: Consumer): Promise<ClusterClient> => {
      await bindClusterRole(consumer.client, ctx.uniqueName('kh-admin'), CLUSTER_ADMIN, [
        userSubject(user.name),
      ]);
      return user.client.at(consumer.client.baseUrl);
    };
    const createAs = async (client: ClusterClient, consumer: Consumer, name: string): Promise<Cowhand> =>
      ctx.eventually(
        async () => {
          const response = await client.post<Cowhand>(collectionPath(consumer.namespace), cowhand(name));
          expect(response.status, describeResponse(response)).to.equal(201);
          return response.body;
        },
        { description: `${user.name} creates ${name} in ${consumer.workspace.path} once RBAC has settled` },
      );

    const policed = await createConsumer(ctx);
    await bindAndWait(ctx, policed, guarded);
    const admin = await asAdminOf(policed);
    const name = ctx.uniqueName('hand');
    const created = await createAs(admin, policed, name);
    const path = objectPath(policed.namespace, name);
    const read = expectStatusCode(await admin.get<Cowhand>(path), 200);
    const list = expectStatusCode(await admin.get<KubeList<Cowhand>>(collectionPath(policed.namespace)), 200);
    expect(list.items.map((item) => item.metadata.name)).to.deep.equal([name]);
    const updated = expectStatusCode(
      await admin.put<Cowhand>(path, { ...read, spec: { task: 'rope' } }),
      200,
    );
    const statusUpdate = await admin.put(`${path}/status`, { ...updated, status: { outcome: 'won' } });
    expectFailureStatus(statusUpdate, 403, 'Forbidden');
    expect(created.metadata.name).to.equal(name);
    expectStatusCode(await admin.delete(path), 200);

    const unpoliced = await createConsumer(ctx);
    await bindAndWait(ctx, unpoliced, open);
    const otherAdmin = await asAdminOf(unpoliced);
    const free = ctx.uniqueName('hand');
    const freeObject = await createAs(otherAdmin, unpoliced, free);
    const written = expectStatusCode(
      await otherAdmin.put<Cowhand>(`${objectPath(unpoliced.namespace, free)}/status`, {
        ...freeObject,
        status: { outcome: 'won' },
      }),
      200,
    );
    expect(written.status).to.deep.equal({ outcome: 'won' });
  },
};
