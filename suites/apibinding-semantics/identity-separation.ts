import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectStatusCode, type KubeList } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  bindAndWait,
  collectionPath,
  cowhand,
  createConsumer,
  createProvider,
  type Cowhand,
} from './support.js';

export const identitySeparation: ConformanceTest = {
  id: `${AREA}/identity-separation`,
  area: AREA,
  description:
    'Two providers exporting the same group and resource MUST get different identities, the bindings of their ' +
    "consumers MUST carry their own export's identityHash, and a consumer of one MUST never see the objects of " +
    'a consumer of the other.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: test/e2e/apibinding/apibinding_test.go',
    'kcp: pkg/reconciler/apis/apiexport/apiexport_reconcile.go',
    'kcp: docs/content/developers/internals/etcd-structure.md',
  ],
  deadline: workspaceDeadline(4),
  async run(ctx) {
    const setups = [];
    for (let i = 0; i < 2; i += 1) {
      const provider = await createProvider(ctx);
      const consumer = await createConsumer(ctx);
      const binding = await bindAndWait(ctx, consumer, provider);
      setups.push({ provider, consumer, binding });
    }
    const [one, two] = setups as [(typeof setups)[0], (typeof setups)[0]];
    expect(one.provider.identityHash, 'identities of the two exports').not.to.equal(
      two.provider.identityHash,
    );
    for (const setup of setups) {
      expect(setup.binding.status?.boundResources?.[0]?.schema.identityHash).to.equal(
        setup.provider.identityHash,
      );
    }
    const first = ctx.uniqueName('hand');
    expectStatusCode(
      await one.consumer.client.post(collectionPath(one.consumer.namespace), cowhand(first, 'one')),
      201,
    );
    const second = ctx.uniqueName('hand');
    expectStatusCode(
      await two.consumer.client.post(collectionPath(two.consumer.namespace), cowhand(second, 'two')),
      201,
    );
    for (const [setup, name] of [
      [one, first],
      [two, second],
    ] as const) {
      const all = expectStatusCode(
        await setup.consumer.client.get<KubeList<Cowhand>>(
          collectionPath(setup.consumer.namespace).replace(`/namespaces/${setup.consumer.namespace}`, ''),
        ),
        200,
      );
      expect(
        all.items.map((item) => item.metadata.name),
        `objects in ${setup.consumer.workspace.path}`,
      ).to.deep.equal([name]);
    }
  },
};
