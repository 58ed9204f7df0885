import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMapsPath, expectFailureStatus } from '../framework/kube.js';
import { AREA } from './area.js';

export const initialEventsInvalid: ConformanceTest = {
  id: `${AREA}/initial-events-invalid`,
  area: AREA,
  description:
    'A watch with sendInitialEvents but without resourceVersionMatch=NotOlderThan, or with ' +
    'resourceVersionMatch but without sendInitialEvents, MUST be refused with 422 Invalid for ' +
    'ListOptions.meta.k8s.io naming the field resourceVersionMatch.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Watch, Feature.WatchList],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/internalversion/validation/validation.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/get.go',
  ],
  async run({ client, namespace }) {
    // The rules and their words are the same file in 1.34.3, 1.35.4, 1.36.2, 1.37.2 and kcp's fork
    // (apimachinery pkg/apis/meta/internalversion/validation/validation.go); the fragments below
    // name the rule, the field of the cause is pinned.
    const cases: { query: Record<string, string>; message: string }[] = [
      {
        query: { sendInitialEvents: 'true', allowWatchBookmarks: 'true' },
        message: 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      },
      {
        query: { sendInitialEvents: 'true', resourceVersionMatch: 'Exact', allowWatchBookmarks: 'true' },
        message: 'Unsupported value: "Exact"',
      },
      {
        query: { resourceVersionMatch: 'NotOlderThan' },
        message: 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
      },
    ];
    for (const { query, message } of cases) {
      const response = await client.get(configMapsPath(namespace), {
        query: { watch: 'true', timeoutSeconds: '1', ...query },
      });
      const status = expectFailureStatus(response, 422, 'Invalid');
      expect(status.message, response.url)
        .to.contain('ListOptions.meta.k8s.io "" is invalid')
        .and.contain(message);
      expect(status.details, response.url).to.include({ group: 'meta.k8s.io', kind: 'ListOptions' });
      expect(status.details?.causes?.map((cause) => cause.field)).to.include('resourceVersionMatch');
    }
  },
};
