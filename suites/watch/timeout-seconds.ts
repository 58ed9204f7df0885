import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMapsPath, expectStatusCode, type KubeList } from '../framework/kube.js';
import { AREA } from './area.js';

export const timeoutSeconds: ConformanceTest = {
  id: `${AREA}/timeout-seconds`,
  area: AREA,
  description:
    'A watch with timeoutSeconds=2 MUST be ended by the server after about two seconds, cleanly and ' +
    'without an ERROR event.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Watch],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/get.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go',
  ],
  async run({ client, namespace, signal }) {
    const collection = configMapsPath(namespace);
    const list = expectStatusCode(await client.get<KubeList>(collection), 200);
    const started = Date.now();
    const watch = await client.watch({
      path: collection,
      resourceVersion: list.metadata.resourceVersion,
      query: { timeoutSeconds: '2' },
      signal,
    });
    try {
      // No writes: the only thing that can end this stream is its timeout.
      const ended = await watch
        .nextMatching((event) => event.type === 'ERROR', 15_000)
        .then(
          (event) => new Error(`unexpected ERROR event: ${JSON.stringify(event.object)}`),
          (error: unknown) => error as Error,
        );
      const elapsed = Date.now() - started;
      expect(ended.message, 'how the stream ended').to.match(/closed by the server/);
      expect(elapsed, 'ms until the server ended the watch').to.be.within(1_500, 10_000);
    } finally {
      watch.close();
    }
  },
};
