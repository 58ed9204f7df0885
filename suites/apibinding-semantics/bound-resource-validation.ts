import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectCause, expectFailureStatus, expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { boundSetup, collectionPath, cowhand, type Cowhand } from './support.js';

export const boundResourceValidation: ConformanceTest = {
  id: `${AREA}/bound-resource-validation`,
  area: AREA,
  description:
    "Objects of a bound resource MUST be validated and pruned by the APIResourceSchema's structural schema: a " +
    'field the schema does not declare is dropped, and a value of the wrong type is refused with 422 Invalid ' +
    'naming the field.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: pkg/reconciler/apis/apibinding/apibinding_reconcile.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/validator.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning/algorithm.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer } = await boundSetup(ctx);
    const collection = collectionPath(consumer.namespace);
    const pruned = expectStatusCode(
      await consumer.client.post<Cowhand>(
        collection,
        cowhand(ctx.uniqueName('hand'), 'herd', { spec: { task: 'herd', horse: 'silver' } }),
      ),
      201,
    );
    expect(pruned.spec, 'spec with an undeclared field').to.deep.equal({ task: 'herd' });

    const refused = await consumer.client.post(
      collection,
      // A number where the schema says string.
      cowhand(ctx.uniqueName('hand'), 'herd', { spec: { task: 42 as unknown as string } }),
    );
    const status = expectFailureStatus(refused, 422, 'Invalid');
    expectCause(status, { field: 'spec.task', type: 'FieldValueTypeInvalid' });
  },
};
