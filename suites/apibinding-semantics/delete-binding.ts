import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  BINDINGS_PATH,
  boundSetup,
  collectionPath,
  cowhand,
  discoveredResources,
  PLURAL,
} from './support.js';

export const deleteBinding: ConformanceTest = {
  id: `${AREA}/delete-binding-deletes-objects`,
  area: AREA,
  description:
    "Deleting an APIBinding MUST delete the bound resource's objects in the workspace and then the binding " +
    'itself (GET 404), after which the resource MUST be gone from discovery (404 or not listed) and its ' +
    'collection MUST answer 404.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: test/e2e/apibinding/apibinding_deletion_test.go',
    'kcp: test/e2e/apibinding/maximalpermissionpolicy_authorizer_test.go',
    'kcp: pkg/reconciler/apis/apibindingdeletion/apibinding_deletion_controller.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer, bindingName } = await boundSetup(ctx);
    const collection = collectionPath(consumer.namespace);
    for (const name of [ctx.uniqueName('hand'), ctx.uniqueName('hand')]) {
      expectStatusCode(await consumer.client.post(collection, cowhand(name)), 201);
    }
    const deleted = await consumer.client.delete(`${BINDINGS_PATH}/${bindingName}`);
    expect([200, 202], describeResponse(deleted)).to.include(deleted.status);
    await ctx.eventually(
      async () => {
        const response = await consumer.client.get(`${BINDINGS_PATH}/${bindingName}`);
        expect(response.status, describeResponse(response)).to.equal(404);
      },
      { description: `APIBinding ${bindingName} gone` },
    );
    await ctx.eventually(
      async () => {
        const resources = await discoveredResources(consumer.client);
        expect(
          resources.map((entry) => entry.name),
          'resources in discovery',
        ).not.to.include(PLURAL);
        const response = await consumer.client.get(collection);
        expect(response.status, describeResponse(response)).to.equal(404);
      },
      { description: `${PLURAL} gone from the consumer` },
    );
  },
};
