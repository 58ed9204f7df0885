import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  boundSetup,
  collectionPath,
  cowhand,
  ENDPOINT_SLICES_PATH,
  EXPORTS_PATH,
  objectPath,
  waitBindingCondition,
  type Cowhand,
} from './support.js';

export const exportDeleted: ConformanceTest = {
  id: `${AREA}/export-deleted-keeps-data`,
  area: AREA,
  description:
    "Deleting an APIExport MUST NOT delete its consumers' data: the binding stays Bound and reports " +
    "APIExportValid False with reason APIExportNotFound, the consumer's objects stay readable, and objects can " +
    "still be created and deleted; the export's APIExportEndpointSlice MUST be garbage-collected.",
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.GarbageCollection],
  source: [
    'kcp: test/e2e/apibinding/maximalpermissionpolicy_authorizer_test.go',
    'kcp: pkg/reconciler/apis/apibinding/apibinding_reconcile.go',
    'kcp: pkg/reconciler/apis/apiexport/apiexport_reconcile.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { provider, consumer, bindingName } = await boundSetup(ctx);
    const { client, namespace } = consumer;
    const kept = ctx.uniqueName('kept');
    expectStatusCode(await client.post(collectionPath(namespace), cowhand(kept, 'stay')), 201);
    // The slice exists before the export goes (its owner reference makes it garbage).
    await ctx.eventually(
      async () => {
        expectStatusCode(await provider.client.get(`${ENDPOINT_SLICES_PATH}/${provider.exportName}`), 200);
      },
      { description: `APIExportEndpointSlice ${provider.exportName}` },
    );

    const deleted = await provider.client.delete(`${EXPORTS_PATH}/${provider.exportName}`);
    expect([200, 202], describeResponse(deleted)).to.include(deleted.status);
    const binding = await waitBindingCondition(
      ctx,
      client,
      bindingName,
      'APIExportValid',
      'False',
      'APIExportNotFound',
    );
    expect(binding.status?.phase, 'phase of the binding').to.equal('Bound');

    const read = expectStatusCode(await client.get<Cowhand>(objectPath(namespace, kept)), 200);
    expect(read.spec).to.deep.equal({ task: 'stay' });
    const late = ctx.uniqueName('late');
    expectStatusCode(await client.post(collectionPath(namespace), cowhand(late)), 201);
    for (const name of [kept, late]) {
      const response = await client.delete(objectPath(namespace, name));
      expect(response.status, describeResponse(response)).to.equal(200);
    }
    await ctx.eventually(
      async () => {
        const response = await provider.client.get(`${ENDPOINT_SLICES_PATH}/${provider.exportName}`);
        expect(response.status, describeResponse(response)).to.equal(404);
      },
      { description: `APIExportEndpointSlice ${provider.exportName} garbage-collected` },
    );
  },
};
