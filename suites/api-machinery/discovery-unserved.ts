import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ApiResponse } from '../framework/http/client.js';
import { describeResponse, expectFailureStatus, expectStatusCode } from '../framework/kube.js';
import { AREA } from './area.js';

// kubectl's Accept for discovery, with the legacy fallback: the answers below must not depend on it.
const ACCEPTS = [
  'application/json',
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
];

export const discoveryUnserved: ConformanceTest = {
  id: `${AREA}/discovery-unserved`,
  area: AREA,
  description:
    'Discovery MUST NOT advertise what is not served: /api/v2 and an unknown version of ' +
    'rbac.authorization.k8s.io MUST answer 404 NotFound as a Status, /apis/<group> of a group nothing ' +
    'serves MUST answer 404, and /apis/<group>/<version> of it MUST answer 404 or an APIResourceList ' +
    'of that group version without resources.',
  level: 'MUST',
  features: [Feature.Discovery],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/util/notfoundhandler/not_found_handler.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/customresource_discovery.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/server/handler.go',
  ],
  async run({ client, uniqueName }) {
    const group = `${uniqueName('kh-unserved')}.example.com`;
    expectStatusCode(await client.get('/apis/rbac.authorization.k8s.io'), 200);
    for (const accept of ACCEPTS) {
      const get = (path: string): Promise<ApiResponse> => client.get(path, { headers: { accept } });
      // Compiled-in handlers answer what they do not serve with a Status, on kube-apiserver and kcp.
      for (const path of ['/api/v2', '/apis/rbac.authorization.k8s.io/v9'])
        expectFailureStatus(await get(path), 404, 'NotFound');

      // Neither kube-apiserver nor kcp answers these with a Status: the request falls through to Go's
      // plain http.NotFound ("404 page not found", text/plain; probed on kube-apiserver v1.37.2 and
      // kcp v0.32). Only the code is asserted, so a Status body passes too.
      const unknownGroup = await get(`/apis/${group}`);
      expect(unknownGroup.status, describeResponse(unknownGroup)).to.equal(404);

      // kube-apiserver answers a group version nothing serves with that 404; kcp's fork of the
      // apiextensions discovery handler answers every /apis/<group>/<version> it reaches with the
      // CRDs serving it, here none. Both say that nothing is served there.
      const unknownVersion = await get(`/apis/${group}/v1`);
      if (unknownVersion.status === 200) {
        expect(unknownVersion.body, describeResponse(unknownVersion)).to.deep.equal({
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: `${group}/v1`,
          resources: [],
        });
      } else {
        expect(unknownVersion.status, describeResponse(unknownVersion)).to.equal(404);
      }
    }
  },
};
