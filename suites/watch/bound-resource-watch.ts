// Watches of a resource a workspace has from an APIBinding: served like a CRD's, per consumer.
import { expect } from 'chai';
import {
  bindAndWait,
  collectionPath,
  cowhand,
  createConsumer,
  createProvider,
  objectPath,
  type Consumer,
  type Cowhand,
} from '../apibinding-semantics/support.js';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { WatchStream } from '../framework/http/watch.js';
import { compareResourceVersions, expectStatusCode, mergePatch, type KubeList } from '../framework/kube.js';
import { AREA } from './area.js';
import { describeEvent } from './watch-support.js';

async function watchFromList(
  ctx: Parameters<ConformanceTest['run']>[0],
  consumer: Consumer,
): Promise<WatchStream> {
  const path = collectionPath(consumer.namespace);
  const list = expectStatusCode(await consumer.client.get<KubeList>(path), 200);
  return consumer.client.watch({ path, resourceVersion: list.metadata.resourceVersion, signal: ctx.signal });
}

export const boundResourceWatch: ConformanceTest = {
  id: `${AREA}/bound-resource-watch`,
  area: AREA,
  description:
    'A watch of a bound resource in a consumer workspace MUST deliver ADDED, MODIFIED and DELETED for its ' +
    "objects in order with the writes' increasing resourceVersions, and a watch of the same resource in a second " +
    "consumer of the same export MUST receive none of the first consumer's events.",
  level: 'MUST',
  features: [Feature.Workspaces, Feature.APIExports, Feature.APIBindings, Feature.Namespaces, Feature.Watch],
  source: [
    'kcp: test/e2e/watchcache/watchcache_enabled_test.go',
    'kcp: pkg/server/apiextensions.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/etcd3/watcher.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const provider = await createProvider(ctx);
    const first = await createConsumer(ctx);
    await bindAndWait(ctx, first, provider);
    const second = await createConsumer(ctx);
    await bindAndWait(ctx, second, provider);
    const watched = await watchFromList(ctx, first);
    const other = await watchFromList(ctx, second);
    try {
      const name = ctx.uniqueName('hand');
      const path = objectPath(first.namespace, name);
      const created = expectStatusCode(
        await first.client.post<Cowhand>(collectionPath(first.namespace), cowhand(name, 'herd')),
        201,
      );
      const modified = expectStatusCode(
        await mergePatch<Cowhand>(first.client, path, { spec: { task: 'rope' } }),
        200,
      );
      const deleted = expectStatusCode(await first.client.delete<Cowhand>(path), 200);
      const versions = [created, modified].map((object) => object.metadata.resourceVersion!);
      expect(
        compareResourceVersions(versions[0]!, versions[1]!),
        'resourceVersions of the writes grow',
      ).to.equal(-1);

      const events = [];
      for (let i = 0; i < 3; i += 1) events.push(await watched.next());
      expect(events.map((event) => event.type)).to.deep.equal(['ADDED', 'MODIFIED', 'DELETED']);
      expect(events.slice(0, 2).map(describeEvent)).to.deep.equal([
        `ADDED ${name}@${versions[0]}`,
        `MODIFIED ${name}@${versions[1]}`,
      ]);
      const deletedVersion = (events[2]!.object as Cowhand).metadata.resourceVersion!;
      expect(compareResourceVersions(versions[1]!, deletedVersion), 'DELETED after MODIFIED').to.equal(-1);
      if (deleted.metadata?.resourceVersion)
        expect(deletedVersion).to.equal(deleted.metadata.resourceVersion);
      expect((events[1]!.object as Cowhand).spec).to.deep.equal({ task: 'rope' });

      // The second consumer's next event is its own write: nothing of the first came through.
      const own = ctx.uniqueName('hand');
      const mine = expectStatusCode(
        await second.client.post<Cowhand>(collectionPath(second.namespace), cowhand(own, 'ride')),
        201,
      );
      expect(describeEvent(await other.next())).to.equal(`ADDED ${own}@${mine.metadata.resourceVersion}`);
    } finally {
      watched.close();
      other.close();
    }
  },
};
