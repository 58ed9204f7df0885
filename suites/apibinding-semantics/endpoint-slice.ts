import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  bindAndWait,
  createConsumer,
  createProvider,
  ENDPOINT_SLICES_PATH,
  type EndpointSlice,
} from './support.js';

interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
}

export const endpointSlice: ConformanceTest = {
  id: `${AREA}/endpoint-slice`,
  area: AREA,
  description:
    'Every APIExport MUST get an APIExportEndpointSlice of the same name in its workspace, owned by the export, ' +
    'which lists no endpoints while nothing binds the export and, once a binding exists, exactly one endpoint ' +
    'whose URL ends in /services/apiexport/<export logical cluster>/<export name>.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: test/e2e/apibinding/apibinding_test.go',
    'kcp: pkg/reconciler/apis/apiexport/apiexport_reconcile.go',
    'kcp: pkg/reconciler/apis/apiexportendpointsliceurls/apiexportendpointsliceurls_reconcile.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const provider = await createProvider(ctx);
    const path = `${ENDPOINT_SLICES_PATH}/${provider.exportName}`;
    const slice = await ctx.eventually(
      async () => expectStatusCode(await provider.client.get<EndpointSlice>(path), 200),
      { description: `APIExportEndpointSlice ${provider.exportName}` },
    );
    expect(slice.spec?.export?.name, 'spec.export.name').to.equal(provider.exportName);
    const owners = (slice.metadata.ownerReferences ?? []) as OwnerReference[];
    expect(
      owners.map((owner) => `${owner.kind}/${owner.name}`),
      'ownerReferences',
    ).to.include(`APIExport/${provider.exportName}`);
    expect(slice.status?.endpoints ?? [], 'status.endpoints before any binding').to.deep.equal([]);

    const consumer = await createConsumer(ctx);
    await bindAndWait(ctx, consumer, provider);
    const suffix = `/services/apiexport/${provider.clusterName}/${provider.exportName}`;
    await ctx.eventually(
      async () => {
        const current = expectStatusCode(await provider.client.get<EndpointSlice>(path), 200);
        const urls = (current.status?.endpoints ?? []).map((endpoint) => endpoint.url);
        expect(urls, 'status.endpoints once bound').to.have.length(1);
        expect(urls[0]!.endsWith(suffix), `${urls[0]} ends in ${suffix}`).to.equal(true);
      },
      { description: `APIExportEndpointSlice ${provider.exportName} lists its endpoint` },
    );
  },
};
