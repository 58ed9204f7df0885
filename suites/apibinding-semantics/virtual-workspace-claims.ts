import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest, type TestContext } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode, type KubeList } from '../framework/kube.js';
import { findCondition } from '../framework/tenancy.js';
import { expectForbidden } from '../rbac-scoping/rbac.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  APIS_GROUP,
  BINDINGS_PATH,
  collectionPath,
  cowhand,
  EXPORTS_PATH,
  GROUP,
  GROUP_VERSION,
  objectPath,
  PLURAL,
  waitForIdentity,
  bindingObject,
  claimLabelValue,
  createConsumer,
  createProvider,
  exportLabelValue,
  referenceTo,
  waitBound,
  waitServed,
  type AcceptedClaim,
  type APIBinding,
  type Consumer,
  type Provider,
} from './support.js';
import { CLUSTER_ANNOTATION, clusterKeys, virtualWorkspaceOf } from './virtual-workspace-support.js';

/** What the export claims: read access to configmaps. */
const READ = ['get', 'list', 'watch'];
const CONFIGMAPS_CLAIM = { group: '', resource: 'configmaps', verbs: READ };

const configMapsPath = (namespace: string) => `/api/v1/namespaces/${namespace}/configmaps`;

/** Binds with the given answers to the export's claims; waits for Bound and the resource. */
export async function bindWithClaims(
  ctx: TestContext,
  consumer: Consumer,
  provider: Provider,
  claims: AcceptedClaim[],
): Promise<APIBinding> {
  const name = ctx.uniqueName('kh-binding');
  const body = bindingObject(name, referenceTo(provider));
  body.spec!.permissionClaims = claims;
  await ctx.eventually(
    async () => {
      const response = await consumer.client.post<APIBinding>(BINDINGS_PATH, body);
      expect(response.status, describeResponse(response)).to.equal(201);
    },
    { description: `create APIBinding ${name} with permission claims` },
  );
  await waitBound(ctx, consumer.client, name);
  await waitServed(ctx, consumer.client, consumer.namespace);
  return consumer.client.get<APIBinding>(`${BINDINGS_PATH}/${name}`).then((r) => expectStatusCode(r, 200));
}

export async function createConfigMap(consumer: Consumer, name: string, labels: Record<string, string> = {}) {
  const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { k: 'v' } };
  expectStatusCode(await consumer.client.post(configMapsPath(consumer.namespace), body), 201);
}

export const virtualWorkspaceClaims: ConformanceTest = {
  id: `${AREA}/virtual-workspace-claims`,
  area: AREA,
  description:
    'When an APIExport claims configmaps and a consumer accepts the claim (matchAll), the binding MUST list it in ' +
    'status.appliedPermissionClaims with PermissionClaimsApplied and PermissionClaimsValid True, the ' +
    "consumer's configmaps MUST carry kcp's claim label, and the export's virtual workspace MUST show them at " +
    '/clusters/* and /clusters/<consumer> with the accepted verbs only (delete 403); a consumer that did not ' +
    'accept MUST stay invisible (403 at its cluster, none of its configmaps at *); once the claim is rejected ' +
    "the consumer's configmaps MUST disappear from the virtual workspace.",
  level: 'MUST',
  features: [
    ...BINDING_FEATURES,
    Feature.APIExportVirtualWorkspace,
    Feature.PermissionClaims,
    Feature.ConfigMaps,
  ],
  source: [
    'kcp: test/e2e/virtual/apiexport/virtualworkspace_test.go',
    'kcp: test/e2e/virtual/apiexport/authorizer_test.go',
    'kcp: pkg/reconciler/apis/permissionclaimlabel/permissionclaimlabel_reconcile.go',
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/apis/v1alpha2/permissionclaims/labels.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const provider = await createProvider(ctx, { permissionClaims: [CONFIGMAPS_CLAIM] });
    const accepting = await createConsumer(ctx);
    const declining = await createConsumer(ctx);
    const claim: AcceptedClaim = { ...CONFIGMAPS_CLAIM, state: 'Accepted', selector: { matchAll: true } };
    const binding = await bindWithClaims(ctx, accepting, provider, [claim]);
    await bindWithClaims(ctx, declining, provider, []);
    const claimed = ctx.uniqueName('kh-claimed');
    const hidden = ctx.uniqueName('kh-hidden');
    await createConfigMap(accepting, claimed);
    await createConfigMap(declining, hidden);

    const labelKey = `claimed.internal.apis.kcp.io/${exportLabelValue(provider.clusterName, provider.exportName)}`;
    const labelValue = claimLabelValue(CONFIGMAPS_CLAIM);
    const bindingPath = `${BINDINGS_PATH}/${binding.metadata.name}`;
    await ctx.eventually(
      async () => {
        const current = expectStatusCode(await accepting.client.get<APIBinding>(bindingPath), 200);
        const applied = (current.status?.appliedPermissionClaims ?? []).map(
          (c) => `${c.group ?? ''}/${c.resource}`,
        );
        expect(applied, 'status.appliedPermissionClaims').to.deep.equal(['/configmaps']);
        expect(findCondition(current, 'PermissionClaimsApplied')?.status).to.equal('True');
        expect(findCondition(current, 'PermissionClaimsValid')?.status).to.equal('True');
        const cm = expectStatusCode(
          await accepting.client.get<KubeList['items'][number]>(
            `${configMapsPath(accepting.namespace)}/${claimed}`,
          ),
          200,
        );
        expect(cm.metadata.labels?.[labelKey], `label ${labelKey} on ${claimed}`).to.equal(labelValue);
      },
      { description: "the claim is applied and labels the consumer's configmaps" },
    );

    const vw = await virtualWorkspaceOf(ctx, provider);
    const inAccepting = vw.cluster(accepting.workspace.clusterName);
    const mine = (list: KubeList, cluster: string) =>
      clusterKeys(list).filter((key) => key.startsWith(`${cluster}/`));
    await ctx.eventually(
      async () => {
        const all = expectStatusCode(await vw.all.get<KubeList>('/api/v1/configmaps'), 200);
        expect(mine(all, accepting.workspace.clusterName), 'configmaps of the accepting consumer').to.include(
          `${accepting.workspace.clusterName}/${accepting.namespace}/${claimed}`,
        );
        expect(
          mine(all, declining.workspace.clusterName),
          'configmaps of the declining consumer',
        ).to.deep.equal([]);
      },
      { description: 'claimed configmaps through the virtual workspace' },
    );
    const one = expectStatusCode(await inAccepting.get<KubeList>(configMapsPath(accepting.namespace)), 200);
    expect(clusterKeys(one)).to.include(
      `${accepting.workspace.clusterName}/${accepting.namespace}/${claimed}`,
    );
    const got = expectStatusCode(
      await inAccepting.get<KubeList['items'][number]>(`${configMapsPath(accepting.namespace)}/${claimed}`),
      200,
    );
    expect(got.metadata.annotations?.[CLUSTER_ANNOTATION]).to.equal(accepting.workspace.clusterName);
    expectForbidden(await inAccepting.delete(`${configMapsPath(accepting.namespace)}/${claimed}`));
    expectForbidden(
      await vw.cluster(declining.workspace.clusterName).get(configMapsPath(declining.namespace)),
    );

    // Rejecting the claim takes the consumer's configmaps out of the provider's view.
    const current = expectStatusCode(await accepting.client.get<APIBinding>(bindingPath), 200);
    current.spec!.permissionClaims = [{ ...claim, state: 'Rejected' }];
    expectStatusCode(await accepting.client.put(bindingPath, current), 200);
    await ctx.eventually(
      async () => {
        const all = expectStatusCode(await vw.all.get<KubeList>('/api/v1/configmaps'), 200);
        expect(
          mine(all, accepting.workspace.clusterName),
          'configmaps after the claim is rejected',
        ).to.deep.equal([]);
      },
      { description: 'rejected claim: nothing of the consumer through the virtual workspace' },
    );
    expectForbidden(await inAccepting.get(`${configMapsPath(accepting.namespace)}/${claimed}`));
  },
};

export const virtualWorkspaceClaimSelector: ConformanceTest = {
  id: `${AREA}/virtual-workspace-claim-selector`,
  area: AREA,
  description:
    "A claim accepted with a label selector (matchLabels) MUST show the provider, through the export's virtual " +
    'workspace, only the configmaps matching it; labelling a configmap afterwards MUST bring it into view.',
  level: 'MUST',
  features: [
    ...BINDING_FEATURES,
    Feature.APIExportVirtualWorkspace,
    Feature.PermissionClaims,
    Feature.ConfigMaps,
  ],
  source: [
    'kcp: test/e2e/virtual/apiexport/virtualworkspace_test.go',
    'kcp: pkg/admission/permissionclaims/mutating_permission_claims.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const provider = await createProvider(ctx, { permissionClaims: [CONFIGMAPS_CLAIM] });
    const consumer = await createConsumer(ctx);
    await bindWithClaims(ctx, consumer, provider, [
      { ...CONFIGMAPS_CLAIM, state: 'Accepted', selector: { matchLabels: { 'kh-share': 'yes' } } },
    ]);
    const shared = ctx.uniqueName('kh-shared');
    const own = ctx.uniqueName('kh-own');
    await createConfigMap(consumer, shared, { 'kh-share': 'yes' });
    await createConfigMap(consumer, own);
    const vw = await virtualWorkspaceOf(ctx, provider);
    const inConsumer = vw.cluster(consumer.workspace.clusterName);
    const key = (name: string) => `${consumer.workspace.clusterName}/${consumer.namespace}/${name}`;
    const listed = () =>
      inConsumer
        .get<KubeList>(configMapsPath(consumer.namespace))
        .then((r) => clusterKeys(expectStatusCode(r, 200)));
    await ctx.eventually(
      async () =>
        expect(await listed(), 'configmaps through the virtual workspace').to.deep.equal([key(shared)]),
      { description: 'only the selected configmap is visible' },
    );
    const path = `${configMapsPath(consumer.namespace)}/${own}`;
    const cm = expectStatusCode(await consumer.client.get<KubeList['items'][number]>(path), 200);
    cm.metadata.labels = { ...(cm.metadata.labels ?? {}), 'kh-share': 'yes' };
    expectStatusCode(await consumer.client.put(path, cm), 200);
    await ctx.eventually(async () => expect(await listed()).to.deep.equal([key(own), key(shared)].sort()), {
      description: 'a configmap labelled later comes into view',
    });
  },
};

/** A claim of `owner`'s exported resource by its identity hash. */
export const identityClaim = (owner: Provider, verbs: string[]) => ({
  group: GROUP,
  resource: PLURAL,
  identityHash: owner.identityHash,
  verbs,
});

/** An export in `owner`'s workspace that serves nothing of its own, only `claim`. */
export async function createClaimer(
  ctx: TestContext,
  owner: Provider,
  claim: ReturnType<typeof identityClaim>,
): Promise<Provider> {
  const exportName = ctx.uniqueName('kh-claimer');
  expectStatusCode(
    await owner.client.post(EXPORTS_PATH, {
      apiVersion: `${APIS_GROUP}/v1alpha2`,
      kind: 'APIExport',
      metadata: { name: exportName },
      spec: { permissionClaims: [claim] },
    }),
    201,
  );
  return { ...owner, exportName, identityHash: await waitForIdentity(ctx, owner.client, exportName) };
}

export const virtualWorkspaceIdentityClaim: ConformanceTest = {
  id: `${AREA}/virtual-workspace-identity-claim`,
  area: AREA,
  description:
    "An APIExport MAY claim another export's resource by that export's identity hash: a consumer bound to both " +
    "that accepts the claim MUST have its objects of the resource shown through the claiming export's virtual " +
    'workspace (labelled with its claim label), and a consumer of the other export that did not accept it MUST ' +
    'not.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.APIExportVirtualWorkspace, Feature.PermissionClaims],
  source: [
    'kcp: test/e2e/virtual/apiexport/virtualworkspace_test.go',
    'kcp: pkg/reconciler/apis/permissionclaimlabel/permissionclaimlabel_reconcile.go',
  ],
  deadline: workspaceDeadline(4),
  async run(ctx) {
    const owner = await createProvider(ctx);
    const claim = identityClaim(owner, READ);
    const claimer = await createClaimer(ctx, owner, claim);
    const accepting = await createConsumer(ctx);
    const other = await createConsumer(ctx);
    for (const consumer of [accepting, other]) await bindWithClaims(ctx, consumer, owner, []);
    await bindWithClaims(ctx, accepting, claimer, [
      { ...claim, state: 'Accepted', selector: { matchAll: true } },
    ]);
    const mine = ctx.uniqueName('hand');
    const theirs = ctx.uniqueName('hand');
    expectStatusCode(await accepting.client.post(collectionPath(accepting.namespace), cowhand(mine)), 201);
    expectStatusCode(await other.client.post(collectionPath(other.namespace), cowhand(theirs)), 201);

    const vw = await virtualWorkspaceOf(ctx, claimer);
    const all = `${GROUP_VERSION}/${PLURAL}`;
    await ctx.eventually(
      async () => {
        const list = expectStatusCode(await vw.all.get<KubeList>(all), 200);
        expect(clusterKeys(list), `${PLURAL} through the claiming export`).to.deep.equal([
          `${accepting.workspace.clusterName}/${accepting.namespace}/${mine}`,
        ]);
      },
      { description: 'the claimed resource of the accepting consumer only' },
    );
    const labelKey = `claimed.internal.apis.kcp.io/${exportLabelValue(claimer.clusterName, claimer.exportName)}`;
    const object = expectStatusCode(
      await accepting.client.get<KubeList['items'][number]>(objectPath(accepting.namespace, mine)),
      200,
    );
    expect(object.metadata.labels?.[labelKey], `claim label ${labelKey}`).to.equal(claimLabelValue(claim));
  },
};
