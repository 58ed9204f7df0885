import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectStatusCode, type KubeList } from '../framework/kube.js';
import { CLUSTER_ANNOTATION } from '../framework/tenancy.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  bindAndWait,
  collectionPath,
  cowhand,
  createConsumer,
  createProvider,
  type Consumer,
  type Cowhand,
} from './support.js';

export const consumerIsolation: ConformanceTest = {
  id: `${AREA}/consumer-isolation`,
  area: AREA,
  description:
    'Two consumer workspaces bound to the same APIExport MUST each see only their own objects of the bound ' +
    'resource, also when both hold an object of the same namespace and name.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: ['kcp: test/e2e/apibinding/apibinding_test.go', 'kcp: pkg/server/apiextensions.go'],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const provider = await createProvider(ctx);
    const consumers: Consumer[] = [];
    for (let i = 0; i < 2; i += 1) {
      const consumer = await createConsumer(ctx);
      await bindAndWait(ctx, consumer, provider);
      consumers.push(consumer);
    }
    const [first, second] = consumers as [Consumer, Consumer];
    // The same namespace in both, so the same object name collides if anything is shared.
    const namespace = first.namespace;
    expectStatusCode(
      await second.client.post('/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      }),
      201,
    );
    const name = ctx.uniqueName('hand');
    expectStatusCode(await first.client.post(collectionPath(namespace), cowhand(name, 'first')), 201);
    expectStatusCode(await second.client.post(collectionPath(namespace), cowhand(name, 'second')), 201);
    for (const [consumer, task] of [
      [first, 'first'],
      [second, 'second'],
    ] as const) {
      const list = expectStatusCode(
        await consumer.client.get<KubeList<Cowhand>>(collectionPath(namespace)),
        200,
      );
      expect(
        list.items.map((item) => item.spec?.task),
        `tasks listed in ${consumer.workspace.path}`,
      ).to.deep.equal([task]);
      expect(list.items[0]!.metadata.annotations?.[CLUSTER_ANNOTATION]).to.equal(
        consumer.workspace.clusterName,
      );
      // All namespaces: still only its own.
      const all = expectStatusCode(
        await consumer.client.get<KubeList<Cowhand>>(
          collectionPath(namespace).replace(`/namespaces/${namespace}`, ''),
        ),
        200,
      );
      expect(
        all.items.map((item) => item.spec?.task),
        `all-namespaces list in ${consumer.workspace.path}`,
      ).to.deep.equal([task]);
    }
  },
};
