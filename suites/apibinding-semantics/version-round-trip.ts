import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  APIS_GROUP,
  BINDINGS_V1ALPHA1_PATH,
  createConsumer,
  createProvider,
  EXPORTS_V1ALPHA1_PATH,
  GROUP,
  PLURAL,
  readBinding,
  referenceTo,
  waitBound,
  type APIBinding,
  type APIExport,
} from './support.js';

export const versionRoundTrip: ConformanceTest = {
  id: `${AREA}/v1alpha1-v1alpha2-round-trip`,
  area: AREA,
  description:
    'APIExports and APIBindings MUST be served in apis.kcp.io v1alpha1 and v1alpha2 as views of one object: an ' +
    'APIExport created in v1alpha2 with CRD-stored resources reads in v1alpha1 with spec.latestResourceSchemas ' +
    'listing their schema names and the same identity, and an APIBinding created in v1alpha1 reads in v1alpha2 ' +
    'with the same reference and, once Bound, the same status in both versions.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/apis/v1alpha2/types_apiexport_conversion.go',
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/apis/v1alpha2/types_apibinding_conversion.go',
    'kcp: config/crds/apis.kcp.io_apiexports.yaml',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const provider = await createProvider(ctx);
    const old = expectStatusCode(
      await provider.client.get<APIExport>(`${EXPORTS_V1ALPHA1_PATH}/${provider.exportName}`),
      200,
    );
    expect(old.apiVersion).to.equal(`${APIS_GROUP}/v1alpha1`);
    expect(old.spec?.latestResourceSchemas, 'v1alpha1 spec.latestResourceSchemas').to.deep.equal([
      provider.schemaName,
    ]);
    expect(old.spec, 'v1alpha1 spec').not.to.have.property('resources');
    expect(old.status?.identityHash, 'v1alpha1 status.identityHash').to.equal(provider.identityHash);

    const consumer = await createConsumer(ctx);
    const name = ctx.uniqueName('kh-old');
    const reference = referenceTo(provider);
    await ctx.eventually(
      async () => {
        const response = await consumer.client.post(BINDINGS_V1ALPHA1_PATH, {
          apiVersion: `${APIS_GROUP}/v1alpha1`,
          kind: 'APIBinding',
          metadata: { name },
          spec: { reference: { export: reference } },
        });
        expect(response.status, describeResponse(response)).to.equal(201);
      },
      { description: `create v1alpha1 APIBinding ${name}` },
    );
    const current = await readBinding(consumer.client, name);
    expect(current.apiVersion).to.equal(`${APIS_GROUP}/v1alpha2`);
    expect(current.spec?.reference?.export, 'v1alpha2 spec.reference.export').to.deep.equal(reference);
    const bound = await waitBound(ctx, consumer.client, name);
    const viewed = expectStatusCode(
      await consumer.client.get<APIBinding>(`${BINDINGS_V1ALPHA1_PATH}/${name}`),
      200,
    );
    expect(viewed.spec?.reference?.export, 'v1alpha1 spec.reference.export').to.deep.equal(reference);
    expect(viewed.status?.phase, 'v1alpha1 status.phase').to.equal('Bound');
    expect(viewed.status?.apiExportClusterName).to.equal(bound.status?.apiExportClusterName);
    expect(
      viewed.status?.boundResources?.map((r) => `${r.resource}.${r.group}:${r.schema.identityHash}`),
    ).to.deep.equal([`${PLURAL}.${GROUP}:${provider.identityHash}`]);
  },
};
