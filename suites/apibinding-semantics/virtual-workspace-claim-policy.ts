import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode, type KubeList } from '../framework/kube.js';
import {
  ACCESS_RULE,
  bindClusterRole,
  createClusterRole,
  expectForbidden,
  userSubject,
} from '../rbac-scoping/rbac.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  APIS_GROUP,
  collectionPath,
  cowhand,
  createConsumer,
  createProvider,
  EXPORTS_PATH,
  GROUP,
  GROUP_VERSION,
  PLURAL,
} from './support.js';
import { bindWithClaims, createClaimer, identityClaim } from './virtual-workspace-claims.js';
import { clusterKeys, virtualWorkspaceAt, virtualWorkspaceOf } from './virtual-workspace-support.js';

/** The prefix kcp gives user and groups when it checks a request against an export's policy. */
const BINDING_PREFIX = 'apis.kcp.io:binding:';

export const virtualWorkspaceClaimPolicy: ConformanceTest = {
  id: `${AREA}/virtual-workspace-claim-policy`,
  area: AREA,
  description:
    "When an APIExport claims another export's resource by identity and that export sets " +
    "maximalPermissionPolicy.local, a request on the resource through the claiming export's virtual workspace " +
    "MUST also be allowed by the owning export's RBAC for the caller prefixed apis.kcp.io:binding:: a list at " +
    '/clusters/* allowed by apiexports/content MUST get 403 once the owner sets the policy, while unclaimed ' +
    "apibindings stay readable, and MUST succeed again with the accepting consumer's object once the policy " +
    'allows list.',
  level: 'MUST',
  features: [
    ...BINDING_FEATURES,
    Feature.APIExportVirtualWorkspace,
    Feature.PermissionClaims,
    Feature.MaximalPermissionPolicy,
  ],
  source: [
    'kcp: test/e2e/virtual/apiexport/authorizer_test.go',
    'kcp: pkg/virtual/apiexport/authorizer/maximal_permission_policy.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    // Both checks happen in the owner's workspace, outside the workspace of the request.
    const [user] = ctx.users(1, { unscoped: true });
    // The owner sets its policy only once the consumer is bound and has an object: the policy
    // would otherwise apply to the suite's own requests in the consumer too.
    const owner = await createProvider(ctx);
    const claim = identityClaim(owner, ['get', 'list', 'watch']);
    const claimer = await createClaimer(ctx, owner, claim);
    const content = ctx.uniqueName('kh-content');
    await createClusterRole(owner.client, content, [
      ACCESS_RULE,
      {
        verbs: ['get', 'list', 'watch'],
        apiGroups: [APIS_GROUP],
        resources: ['apiexports/content'],
        resourceNames: [claimer.exportName],
      },
    ]);
    await bindClusterRole(owner.client, content, content, [userSubject(user.name)]);
    const consumer = await createConsumer(ctx);
    await bindWithClaims(ctx, consumer, owner, []);
    await bindWithClaims(ctx, consumer, claimer, [
      { ...claim, state: 'Accepted', selector: { matchAll: true } },
    ]);
    const name = ctx.uniqueName('hand');
    expectStatusCode(await consumer.client.post(collectionPath(consumer.namespace), cowhand(name)), 201);

    const vw = virtualWorkspaceAt((await virtualWorkspaceOf(ctx, claimer)).url, user.client);
    const all = `${GROUP_VERSION}/${PLURAL}`;
    const listed = (description: string) =>
      ctx.eventually(
        async () => {
          const list = expectStatusCode(await vw.all.get<KubeList>(all), 200);
          expect(clusterKeys(list), `${PLURAL} through the claiming export`).to.deep.equal([
            `${consumer.workspace.clusterName}/${consumer.namespace}/${name}`,
          ]);
        },
        { description },
      );
    await listed(`${user.name} lists ${PLURAL} through the claiming export before any policy`);

    const patched = await owner.client.request({
      method: 'PATCH',
      path: `${EXPORTS_PATH}/${owner.exportName}`,
      body: JSON.stringify({ spec: { maximalPermissionPolicy: { local: {} } } }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status, describeResponse(patched)).to.equal(200);
    // The same list was allowed a moment ago: now the owner's policy refuses it.
    await ctx.eventually(async () => expectForbidden(await vw.all.get(all)), {
      description: `${user.name} is refused ${PLURAL} at /clusters/* by the owner's policy`,
    });
    // Resources the claiming export does not claim are not the owner's to police.
    expectStatusCode(await vw.all.get(`/apis/${APIS_GROUP}/v1alpha2/apibindings`), 200);

    const policy = ctx.uniqueName('kh-policy');
    await createClusterRole(owner.client, policy, [
      { verbs: ['get', 'list', 'watch'], apiGroups: [GROUP], resources: [PLURAL] },
    ]);
    await bindClusterRole(owner.client, policy, policy, [userSubject(`${BINDING_PREFIX}${user.name}`)]);
    await listed(`${user.name} lists ${PLURAL} once the owner's policy allows it`);
  },
};
