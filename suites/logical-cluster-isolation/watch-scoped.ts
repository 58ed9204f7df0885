import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { WatchEvent } from '../framework/http/watch.js';
import {
  configMap,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { CLUSTER_ANNOTATION } from '../framework/tenancy.js';
import { AREA } from './area.js';
import { siblings } from './siblings.js';

export const watchScoped: ConformanceTest = {
  id: `${AREA}/watch-is-scoped`,
  area: AREA,
  description:
    "A watch in a workspace MUST deliver only that workspace's events: an object written first in a " +
    'sibling workspace (same namespace name) and then one written in the watched workspace MUST arrive ' +
    'without any event of the sibling before it.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps, Feature.Watch],
  source: [
    'kcp: test/e2e/workspace/inactive_test.go',
    'kcp: docs/content/developers/internals/etcd-structure.md',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const { a, b, namespace } = await siblings(ctx);
    const collection = configMapsPath(namespace);
    const list = expectStatusCode(await a.client.get<KubeList>(collection), 200);
    const watch = await a.client.watch({
      path: collection,
      resourceVersion: list.metadata.resourceVersion,
      signal: ctx.signal,
    });
    try {
      // Written in B first: if B's event leaked into A's watch, it would come before A's own.
      expectStatusCode(await b.client.post(collection, configMap('from-b')), 201);
      expectStatusCode(await a.client.post(collection, configMap('from-a')), 201);
      const seen: WatchEvent<ConfigMap>[] = [];
      for (;;) {
        const event = (await watch.next()) as WatchEvent<ConfigMap>;
        seen.push(event);
        // Other events of A may come first (e.g. kube-root-ca.crt published into the namespace).
        expect(event.object.metadata?.name, `event ${seen.length} on ${watch.url}`).not.to.equal('from-b');
        expect(
          event.object.metadata?.annotations?.[CLUSTER_ANNOTATION],
          'kcp.io/cluster of a watch event',
        ).to.equal(a.clusterName);
        if (event.object.metadata?.name === 'from-a') break;
      }
      expect(seen.at(-1)?.type).to.equal('ADDED');
    } finally {
      watch.close();
    }
  },
};
