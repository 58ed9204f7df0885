import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode, type KubeObject } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { boundSetup, collectionPath, cowhand, objectPath, type Cowhand } from './support.js';
import { CLUSTER_ANNOTATION, virtualWorkspaceOf } from './virtual-workspace-support.js';

export const virtualWorkspaceWrites: ConformanceTest = {
  id: `${AREA}/virtual-workspace-writes`,
  area: AREA,
  description:
    "Through an APIExport's virtual workspace at /clusters/<consumer>, a provider MUST be able to create, get, " +
    "update, write status of, patch and delete the consumer's bound objects: each write MUST land in the " +
    "consumer's workspace, answers MUST carry kcp.io/cluster naming the consumer whatever the request body said, " +
    'and the consumer MUST see every change.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.APIExportVirtualWorkspace],
  source: [
    'kcp: test/e2e/virtual/apiexport/virtualworkspace_test.go',
    'kcp: pkg/virtual/apiexport/builder/build.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { provider, consumer } = await boundSetup(ctx);
    const vw = await virtualWorkspaceOf(ctx, provider);
    const client = vw.cluster(consumer.workspace.clusterName);
    const name = ctx.uniqueName('hand');
    const body = cowhand(name, 'herd');
    body.metadata.annotations = { [CLUSTER_ANNOTATION]: 'someone-else' };
    const created = await ctx.eventually(
      async () => expectStatusCode(await client.post<Cowhand>(collectionPath(consumer.namespace), body), 201),
      { description: `create ${name} through ${vw.url}` },
    );
    expect(created.metadata.annotations?.[CLUSTER_ANNOTATION], 'kcp.io/cluster of the answer').to.equal(
      consumer.workspace.clusterName,
    );
    const path = objectPath(consumer.namespace, name);
    const seen = expectStatusCode(await consumer.client.get<Cowhand>(path), 200);
    expect(seen.metadata.uid, 'the consumer sees the object the provider created').to.equal(
      created.metadata.uid,
    );

    const updated = expectStatusCode(
      await client.put<Cowhand>(path, { ...created, spec: { task: 'rope' } }),
      200,
    );
    expect(updated.spec?.task).to.equal('rope');
    const withStatus = expectStatusCode(
      await client.put<Cowhand>(`${path}/status`, { ...updated, status: { outcome: 'won' } }),
      200,
    );
    expect(withStatus.status?.outcome, 'status written through the virtual workspace').to.equal('won');
    const patched = expectStatusCode(
      await client.request<Cowhand>({
        method: 'PATCH',
        path,
        body: JSON.stringify({ metadata: { labels: { stage: 'done' } } }),
        headers: { 'content-type': 'application/merge-patch+json' },
      }),
      200,
    );
    expect(patched.metadata.labels?.stage).to.equal('done');
    const inConsumer = expectStatusCode(await consumer.client.get<Cowhand>(path), 200);
    expect(
      {
        task: inConsumer.spec?.task,
        outcome: inConsumer.status?.outcome,
        stage: inConsumer.metadata.labels?.stage,
      },
      'the consumer sees every write',
    ).to.deep.equal({ task: 'rope', outcome: 'won', stage: 'done' });
    expect(
      (expectStatusCode(await client.get<KubeObject>(path), 200) as Cowhand).status?.outcome,
      'get through the virtual workspace',
    ).to.equal('won');

    expectStatusCode(await client.delete(path), 200);
    await ctx.eventually(
      async () => expect((await consumer.client.get(path)).status, `${path} after delete`).to.equal(404),
      { description: `${name} gone from the consumer` },
    );
  },
};
