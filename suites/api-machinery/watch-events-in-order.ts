import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { WatchEvent } from '../framework/http/watch.js';
import {
  compareResourceVersions,
  configMap,
  configMapPath,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type KubeList,
} from '../framework/kube.js';
import { AREA } from './area.js';

export const watchEventsInOrder: ConformanceTest = {
  id: `${AREA}/watch-events-in-order`,
  area: AREA,
  description:
    'A watch started at a list resourceVersion MUST deliver ADDED, MODIFIED and DELETED events for a ' +
    'created, updated and deleted object, in that order, carrying the object and strictly increasing ' +
    'resourceVersions.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Watch],
  source: [
    'kubernetes: test/e2e/apimachinery/watch.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/util/resourceversion/resourceversion.go',
    'kcp: test/e2e/workspace/inactive_test.go',
  ],
  async run({ client, namespace, uniqueName, signal }) {
    const name = uniqueName('watched');
    const path = configMapPath(namespace, name);
    const list = expectStatusCode(await client.get<KubeList>(configMapsPath(namespace)), 200);
    const from = list.metadata.resourceVersion;
    expect(from, 'list metadata.resourceVersion').to.be.a('string').with.length.above(0);

    const watch = await client.watch({ path: configMapsPath(namespace), resourceVersion: from, signal });
    try {
      const created = expectStatusCode(
        await client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { step: '1' })),
        201,
      );
      const updated = expectStatusCode(
        await client.put<ConfigMap>(path, { ...created, data: { step: '2' } }),
        200,
      );
      expectStatusCode(await client.delete(path), 200);

      // Other objects may appear in the namespace (kcp adds kube-root-ca.crt); only ours count.
      const ours = (event: WatchEvent): boolean => (event.object as ConfigMap).metadata?.name === name;
      const events: WatchEvent<ConfigMap>[] = [];
      for (let i = 0; i < 3; i += 1) events.push((await watch.nextMatching(ours)) as WatchEvent<ConfigMap>);

      expect(events.map((event) => event.type)).to.deep.equal(['ADDED', 'MODIFIED', 'DELETED']);
      const [added, modified, deleted] = events as [
        WatchEvent<ConfigMap>,
        WatchEvent<ConfigMap>,
        WatchEvent<ConfigMap>,
      ];
      expect(added.object.metadata.resourceVersion).to.equal(created.metadata.resourceVersion);
      expect(added.object.data).to.deep.equal({ step: '1' });
      expect(modified.object.metadata.resourceVersion).to.equal(updated.metadata.resourceVersion);
      expect(modified.object.data).to.deep.equal({ step: '2' });
      expect(deleted.object.metadata.uid).to.equal(created.metadata.uid);
      const rvs = events.map((event) => event.object.metadata.resourceVersion!);
      expect(compareResourceVersions(from!, rvs[0]!), `list rv ${from} < ADDED rv ${rvs[0]}`).to.equal(-1);
      expect(
        compareResourceVersions(rvs[0]!, rvs[1]!),
        `ADDED rv ${rvs[0]} < MODIFIED rv ${rvs[1]}`,
      ).to.equal(-1);
      expect(
        compareResourceVersions(rvs[1]!, rvs[2]!),
        `MODIFIED rv ${rvs[1]} < DELETED rv ${rvs[2]}`,
      ).to.equal(-1);
    } finally {
      watch.close();
    }
  },
};
