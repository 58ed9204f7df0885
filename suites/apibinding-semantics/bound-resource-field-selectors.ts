import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectStatusCode, type KubeList } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { boundSetup, collectionPath, cowhand, type Cowhand } from './support.js';

export const boundResourceFieldSelectors: ConformanceTest = {
  id: `${AREA}/bound-resource-field-selectors`,
  area: AREA,
  description:
    'A list of a bound resource MUST honour a field selector on a path the schema declares in selectableFields, ' +
    'returning exactly the matching objects, and MUST refuse a selector on an undeclared field with 400 ' +
    'BadRequest saying it is not supported.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: test/e2e/apibinding/apibinding_fieldselector_test.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/strategy.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer } = await boundSetup(ctx);
    const collection = collectionPath(consumer.namespace);
    const tasks = { herd: [ctx.uniqueName('a'), ctx.uniqueName('b')], rope: [ctx.uniqueName('c')] };
    for (const [task, names] of Object.entries(tasks)) {
      for (const name of names)
        expectStatusCode(await consumer.client.post(collection, cowhand(name, task)), 201);
    }
    const herders = expectStatusCode(
      await consumer.client.get<KubeList<Cowhand>>(collection, {
        query: { fieldSelector: 'spec.task=herd' },
      }),
      200,
    );
    expect(herders.items.map((item) => item.metadata.name).sort()).to.deep.equal([...tasks.herd].sort());

    const refused = await consumer.client.get(collection, { query: { fieldSelector: 'status.outcome=won' } });
    expect(refused.status, refused.text).to.equal(400);
    expect(refused.text, 'the refusal').to.contain('not supported');
  },
};
