import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { describeResponse, expectFailureStatus, expectStatusCode, mergePatch } from '../framework/kube.js';
import { findCondition } from '../framework/tenancy.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  BINDINGS_PATH,
  boundSetup,
  collectionPath,
  cowhand,
  discoveredResources,
  objectPath,
  PLURAL,
  readBinding,
  type Cowhand,
} from './support.js';

const HOLD = 'kh.example.dev/hold';

export const deletionBlocked: ConformanceTest = {
  id: `${AREA}/deletion-blocked-by-finalizer`,
  area: AREA,
  description:
    'While an object of a deleted APIBinding is held by a finalizer, the binding MUST remain (with a ' +
    'deletionTimestamp and BindingResourceDeleteSuccess not True), the other objects MUST be deleted, discovery ' +
    'MUST NOT offer create for the resource and creates MUST be refused with 403; once the finalizer is removed ' +
    'the binding MUST go away.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: test/e2e/apibinding/apibinding_deletion_test.go',
    'kcp: pkg/reconciler/apis/apibindingdeletion/apibinding_deletion_controller.go',
    'kcp: pkg/server/apiextensions.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer, bindingName } = await boundSetup(ctx);
    const { client, namespace } = consumer;
    const held = ctx.uniqueName('held');
    const free = ctx.uniqueName('free');
    expectStatusCode(
      await client.post(
        collectionPath(namespace),
        cowhand(held, 'herd', { metadata: { name: held, finalizers: [HOLD] } }),
      ),
      201,
    );
    expectStatusCode(await client.post(collectionPath(namespace), cowhand(free)), 201);

    const deleted = await client.delete(`${BINDINGS_PATH}/${bindingName}`);
    expect([200, 202], describeResponse(deleted)).to.include(deleted.status);
    await ctx.eventually(
      async () => {
        const gone = await client.get(objectPath(namespace, free));
        expect(gone.status, describeResponse(gone)).to.equal(404);
        const remaining = expectStatusCode(await client.get<Cowhand>(objectPath(namespace, held)), 200);
        expect(remaining.metadata.deletionTimestamp, 'deletionTimestamp of the held object').to.be.a(
          'string',
        );
        const binding = await readBinding(client, bindingName);
        expect(binding.metadata.deletionTimestamp, 'deletionTimestamp of the binding').to.be.a('string');
        expect(
          findCondition(binding, 'BindingResourceDeleteSuccess')?.status,
          `BindingResourceDeleteSuccess: ${JSON.stringify(binding.status?.conditions)}`,
        ).not.to.equal('True');
      },
      { description: `APIBinding ${bindingName} deleting, held by ${held}` },
    );
    await ctx.eventually(
      async () => {
        const resource = (await discoveredResources(client)).find((entry) => entry.name === PLURAL);
        expect(resource?.verbs ?? [], `verbs of ${PLURAL} while its binding is deleted`).not.to.include(
          'create',
        );
      },
      { description: `discovery of ${PLURAL} without create` },
    );
    const refused = await client.post(collectionPath(namespace), cowhand(ctx.uniqueName('late')));
    expectFailureStatus(refused, 403, 'Forbidden');
    // The binding is still there: the held object keeps it.
    await readBinding(client, bindingName);

    expectStatusCode(
      await mergePatch(client, objectPath(namespace, held), { metadata: { finalizers: null } }),
      200,
    );
    await ctx.eventually(
      async () => {
        const response = await client.get(`${BINDINGS_PATH}/${bindingName}`);
        expect(response.status, describeResponse(response)).to.equal(404);
      },
      { description: `APIBinding ${bindingName} gone once the finalizer is removed` },
    );
  },
};
