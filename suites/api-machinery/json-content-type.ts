import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ApiResponse } from '../framework/http/client.js';
import { configMap, configMapPath, configMapsPath, describeResponse } from '../framework/kube.js';
import { AREA } from './area.js';

export const jsonContentType: ConformanceTest = {
  id: `${AREA}/json-content-type`,
  area: AREA,
  description:
    'JSON responses (objects, lists, Status errors and discovery) MUST carry the Content-Type header ' +
    'exactly "application/json", without parameters such as charset.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Discovery],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/runtime/types.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/writers.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('ctype');
    const responses: ApiResponse[] = [
      await client.post(configMapsPath(namespace), configMap(name, { k: 'v' })),
      await client.get(configMapPath(namespace, name)),
      await client.get(configMapsPath(namespace)),
      await client.get(configMapPath(namespace, uniqueName('missing'))),
      await client.get('/api'),
      await client.get('/api/v1'),
    ];
    expect(responses.map((response) => response.status)).to.deep.equal([201, 200, 200, 404, 200, 200]);
    for (const response of responses) {
      expect(response.headers['content-type'], describeResponse(response)).to.equal('application/json');
    }
  },
};
