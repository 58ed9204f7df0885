import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { findCondition } from '../framework/tenancy.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  boundSetup,
  collectionPath,
  cowhand,
  createProvider,
  postBinding,
  readBinding,
  referenceTo,
  waitBindingCondition,
} from './support.js';

export const namingConflict: ConformanceTest = {
  id: `${AREA}/naming-conflict`,
  area: AREA,
  description:
    'A second APIBinding in a workspace for a group and resource that another binding already serves (from ' +
    'another export, with another identity) MUST stay unbound with InitialBindingCompleted False and reason ' +
    'NamingConflicts, while the first binding stays Bound and keeps serving the resource.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: test/e2e/apibinding/apibinding_test.go',
    'kcp: pkg/reconciler/apis/apibinding/apibinding_reconcile.go',
    'kcp: pkg/reconciler/apis/apibinding/logical_cluster_lock.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { provider, consumer, bindingName } = await boundSetup(ctx);
    // A second export of the same group and resource, from its own schema, in the same provider.
    const rival = await createProvider(ctx, { workspace: provider.workspace });
    expect(rival.identityHash, 'identity of the second export').not.to.equal(provider.identityHash);
    const second = ctx.uniqueName('kh-rival');
    await ctx.eventually(
      async () => {
        const response = await postBinding(consumer.client, second, referenceTo(rival));
        expect(response.status, describeResponse(response)).to.equal(201);
      },
      { description: `create APIBinding ${second}` },
    );
    const conflicted = await waitBindingCondition(
      ctx,
      consumer.client,
      second,
      'InitialBindingCompleted',
      'False',
      'NamingConflicts',
    );
    expect(conflicted.status?.phase, 'phase of the second binding').to.equal('Binding');

    const first = await readBinding(consumer.client, bindingName);
    expect(first.status?.phase, 'phase of the first binding').to.equal('Bound');
    expect(findCondition(first, 'Ready')?.status, 'Ready of the first binding').to.equal('True');
    expectStatusCode(
      await consumer.client.post(collectionPath(consumer.namespace), cowhand(ctx.uniqueName('hand'))),
      201,
    );
  },
};
