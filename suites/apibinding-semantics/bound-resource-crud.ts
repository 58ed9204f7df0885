import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectStatusCode, type KubeList } from '../framework/kube.js';
import { CLUSTER_ANNOTATION } from '../framework/tenancy.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { boundSetup, collectionPath, cowhand, objectPath, type Cowhand } from './support.js';

export const boundResourceCrud: ConformanceTest = {
  id: `${AREA}/bound-resource-crud`,
  area: AREA,
  description:
    'Objects of a bound resource MUST be served like custom resources: create, get, list, update and delete ' +
    'work, objects carry kcp.io/cluster naming the consumer, a write of the main resource leaves status ' +
    'unchanged and a write of the status subresource leaves spec unchanged.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: test/e2e/apibinding/apibinding_test.go',
    'kcp: pkg/server/apiextensions.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/strategy.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer } = await boundSetup(ctx);
    const { client, namespace } = consumer;
    const collection = collectionPath(namespace);
    const empty = expectStatusCode(await client.get<KubeList<Cowhand>>(collection), 200);
    expect(empty.items, 'list before any create').to.deep.equal([]);

    const name = ctx.uniqueName('hand');
    const created = expectStatusCode(await client.post<Cowhand>(collection, cowhand(name, 'herd')), 201);
    expect(created.metadata.annotations?.[CLUSTER_ANNOTATION], 'kcp.io/cluster').to.equal(
      consumer.workspace.clusterName,
    );
    const read = expectStatusCode(await client.get<Cowhand>(objectPath(namespace, name)), 200);
    expect(read.spec).to.deep.equal({ task: 'herd' });
    const list = expectStatusCode(await client.get<KubeList<Cowhand>>(collection), 200);
    expect(list.items.map((item) => item.metadata.name)).to.deep.equal([name]);

    // The main resource ignores status; the status subresource ignores spec.
    const updated = expectStatusCode(
      await client.put<Cowhand>(objectPath(namespace, name), {
        ...read,
        spec: { task: 'rope' },
        status: { outcome: 'ignored' },
      }),
      200,
    );
    expect(updated.spec).to.deep.equal({ task: 'rope' });
    expect(updated.status?.outcome, 'status after a main-resource update').to.equal(undefined);
    const statusWritten = expectStatusCode(
      await client.put<Cowhand>(`${objectPath(namespace, name)}/status`, {
        ...updated,
        spec: { task: 'ignored' },
        status: { outcome: 'won' },
      }),
      200,
    );
    expect(statusWritten.spec).to.deep.equal({ task: 'rope' });
    expect(statusWritten.status).to.deep.equal({ outcome: 'won' });

    expectStatusCode(await client.delete(objectPath(namespace, name)), 200);
    const gone = await client.get(objectPath(namespace, name));
    expect(gone.status, 'GET after delete').to.equal(404);
  },
};
