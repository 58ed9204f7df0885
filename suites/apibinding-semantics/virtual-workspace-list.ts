import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode, type KubeList } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { bindAndWait, collectionPath, cowhand, createConsumer, createProvider } from './support.js';
import {
  ALL_COWHANDS,
  clusterKeys,
  eventuallyListed,
  keyOf,
  virtualWorkspaceOf,
} from './virtual-workspace-support.js';

export const virtualWorkspaceList: ConformanceTest = {
  id: `${AREA}/virtual-workspace-list`,
  area: AREA,
  description:
    "An APIExport's virtual workspace MUST list at /clusters/* the exported objects of every consumer bound " +
    'to it and of no one else (not those of a consumer of another export of the same group and resource), ' +
    'each annotated kcp.io/cluster with its logical cluster; at /clusters/<consumer> it MUST list that ' +
    "consumer's objects alone.",
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.APIExportVirtualWorkspace],
  source: [
    'kcp: test/e2e/virtual/apiexport/virtualworkspace_test.go',
    'kcp: pkg/virtual/apiexport/builder/build.go',
  ],
  deadline: workspaceDeadline(5),
  async run(ctx) {
    const provider = await createProvider(ctx);
    const other = await createProvider(ctx);
    const consumers = [await createConsumer(ctx), await createConsumer(ctx)];
    const expected: string[] = [];
    for (const consumer of consumers) {
      await bindAndWait(ctx, consumer, provider);
      const name = ctx.uniqueName('hand');
      expectStatusCode(await consumer.client.post(collectionPath(consumer.namespace), cowhand(name)), 201);
      expected.push(keyOf(consumer.workspace.clusterName, consumer.namespace, name));
    }
    const stranger = await createConsumer(ctx);
    await bindAndWait(ctx, stranger, other);
    expectStatusCode(
      await stranger.client.post(collectionPath(stranger.namespace), cowhand(ctx.uniqueName('hand'))),
      201,
    );

    const vw = await virtualWorkspaceOf(ctx, provider);
    const all = await eventuallyListed(ctx, vw.all, ALL_COWHANDS, expected, 'objects of both consumers');
    expect(clusterKeys(all), `${vw.url}/clusters/*${ALL_COWHANDS}`).to.deep.equal([...expected].sort());
    expect(all.metadata.resourceVersion, 'list resourceVersion').to.be.a('string').and.not.equal('');

    for (const [i, consumer] of consumers.entries()) {
      const one = expectStatusCode(
        await vw.cluster(consumer.workspace.clusterName).get<KubeList>(ALL_COWHANDS),
        200,
      );
      expect(clusterKeys(one), `list in ${consumer.workspace.clusterName}`).to.deep.equal([expected[i]]);
    }
  },
};
