import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  expectFailureStatus,
  expectStatusCode,
  type ConfigMap,
} from '../framework/kube.js';
import { AREA } from './area.js';

export const updateStaleConflict: ConformanceTest = {
  id: `${AREA}/update-stale-conflict`,
  area: AREA,
  description:
    'An update that carries a resourceVersion older than the stored one MUST fail with 409 and a Status of ' +
    'reason Conflict naming the object, and MUST NOT change the object (optimistic concurrency).',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('stale');
    const path = configMapPath(namespace, name);
    const original = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { v: '1' })),
      201,
    );
    const fresh = expectStatusCode(await client.put<ConfigMap>(path, { ...original, data: { v: '2' } }), 200);

    // original still carries the resourceVersion from before the first update.
    const stale = await client.put(path, { ...original, data: { v: 'stale' } });
    const status = expectFailureStatus(stale, 409, 'Conflict');
    expect(status.details).to.include({ name, kind: 'configmaps' });

    const current = expectStatusCode(await client.get<ConfigMap>(path), 200);
    expect(current.data).to.deep.equal({ v: '2' });
    expect(current.metadata.resourceVersion).to.equal(fresh.metadata.resourceVersion);
  },
};
