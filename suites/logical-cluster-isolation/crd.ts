import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest, type TestContext } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectStatusCode, type KubeObject } from '../framework/kube.js';
import { findCondition, type Condition } from '../framework/tenancy.js';
import { AREA } from './area.js';
import { siblings } from './siblings.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** A namespaced Widget CRD whose spec.size has the given JSON schema type. */
function widgetCrd(group: string, sizeType: 'string' | 'integer') {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: sizeType } } } },
            },
          },
        },
      ],
    },
  };
}

async function establish(ctx: TestContext, client: ClusterClient, crd: ReturnType<typeof widgetCrd>) {
  expectStatusCode(await client.post(CRDS, crd), 201);
  await ctx.eventually(
    async () => {
      const response = await client.get<KubeObject & { status?: { conditions?: Condition[] } }>(
        `${CRDS}/${crd.metadata.name}`,
      );
      expect(response.status, describeResponse(response)).to.equal(200);
      expect(findCondition(response.body, 'Established')?.status, 'condition Established').to.equal('True');
    },
    { description: `CRD ${crd.metadata.name} Established in ${client.baseUrl}` },
  );
}

/** Creates a Widget, waiting out the moment after Established when the endpoint may still 404. */
async function createWidget(ctx: TestContext, client: ClusterClient, path: string, size: unknown) {
  const widget = {
    apiVersion: path.split('/').slice(2, 4).join('/'),
    kind: 'Widget',
    metadata: { name: ctx.uniqueName('widget') },
    spec: { size },
  };
  return ctx.eventually(
    async () => {
      const response = await client.post(path, widget);
      expect(response.status, describeResponse(response)).not.to.equal(404);
      return response;
    },
    { description: `POST ${path} served` },
  );
}

export const crdIsolation: ConformanceTest = {
  id: `${AREA}/crd-per-workspace`,
  area: AREA,
  description:
    'A CRD created in a workspace MUST NOT appear in the discovery of a sibling workspace nor serve there, ' +
    'and the sibling MUST be able to define the same group, version and resource with a different schema, ' +
    'each workspace validating objects against its own.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.CustomResourceDefinitions],
  source: [
    'kcp: test/e2e/conformance/cross_logical_cluster_list_test.go',
    'kcp: test/e2e/customresourcedefinition/customresourcedefinition_test.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const { a, b, namespace } = await siblings(ctx);
    const group = `${ctx.uniqueName('isolation')}.kcp-harness.io`;
    const widgets = `/apis/${group}/v1/namespaces/${namespace}/widgets`;
    await establish(ctx, a.client, widgetCrd(group, 'string'));

    const groupsOf = async (client: ClusterClient): Promise<string[]> => {
      const apis = expectStatusCode(await client.get<{ groups?: { name: string }[] }>('/apis'), 200);
      return (apis.groups ?? []).map((entry) => entry.name);
    };
    await ctx.eventually(
      async () => expect(await groupsOf(a.client), `/apis of ${a.path}`).to.include(group),
      {
        description: `${group} in the discovery of ${a.path}`,
      },
    );
    expect(await groupsOf(b.client), `/apis of ${b.path}`).not.to.include(group);
    // kcp answers an empty resource list for any group version it does not serve; others 404.
    const version = await b.client.get<{ resources?: { name: string }[] }>(`/apis/${group}/v1`);
    if (version.status === 200) {
      expect(
        version.body.resources?.map((resource) => resource.name) ?? [],
        describeResponse(version),
      ).not.to.include('widgets');
    } else {
      expect(version.status, describeResponse(version)).to.equal(404);
    }
    const unserved = await b.client.get(widgets);
    expect(unserved.status, describeResponse(unserved)).to.equal(404);

    // The same GVR with an incompatible schema in B: spec.size is an integer there.
    await establish(ctx, b.client, widgetCrd(group, 'integer'));
    const inB = await createWidget(ctx, b.client, widgets, 3);
    expect(inB.status, describeResponse(inB)).to.equal(201);
    const inA = await createWidget(ctx, a.client, widgets, 3);
    expect(inA.status, `A's schema wants a string: ${describeResponse(inA)}`).to.equal(422);
    const fitsA = await createWidget(ctx, a.client, widgets, 'large');
    expect(fitsA.status, describeResponse(fitsA)).to.equal(201);
  },
};
