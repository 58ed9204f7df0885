import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ApiResponse } from '../framework/http/client.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
  expectStatusCode,
  type Status,
} from '../framework/kube.js';
import { AREA } from './area.js';

export const statusObjectShape: ConformanceTest = {
  id: `${AREA}/status-object-shape`,
  area: AREA,
  description:
    'Every API error response MUST carry a Status object with kind Status, apiVersion v1, status Failure, a ' +
    'code equal to the HTTP status code, a reason and a non-empty message.',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/status.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('status');
    expectStatusCode(await client.post(configMapsPath(namespace), configMap(name)), 201);
    const failures: [ApiResponse, number, string][] = [
      [await client.get(configMapPath(namespace, uniqueName('missing'))), 404, 'NotFound'],
      [await client.post(configMapsPath(namespace), configMap(name)), 409, 'AlreadyExists'],
      [await client.post(configMapsPath(namespace), configMap('Not_Valid')), 422, 'Invalid'],
      // A body that is not JSON cannot be decoded: 400 BadRequest.
      [
        await client.post(configMapsPath(namespace), '{"apiVersion": "v1", "kind": "ConfigMap", ', {
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'BadRequest',
      ],
    ];
    for (const [response, code, reason] of failures) {
      const where = describeResponse(response);
      expect(response.status, where).to.equal(code);
      const status = response.body as Status | undefined;
      expect(status, `${where}: body is a JSON object`).to.be.an('object');
      expect(status, where).to.include({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
      expect(status!.metadata, `${where}: metadata`).to.be.an('object');
      expect(status!.message, `${where}: message`).to.be.a('string').with.length.above(0);
    }
  },
};
