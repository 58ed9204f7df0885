import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMapPath, expectFailureStatus } from '../framework/kube.js';
import { AREA } from './area.js';

export const getMissingNotFound: ConformanceTest = {
  id: `${AREA}/get-missing-not-found`,
  area: AREA,
  description:
    'A GET of an object that does not exist MUST answer 404 with a Status of reason NotFound whose details ' +
    'name the object and its resource.',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/errors/storage.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('missing');
    const status = expectFailureStatus(await client.get(configMapPath(namespace, name)), 404, 'NotFound');
    // NewNotFound puts the resource (not the kind) into details.kind; the core group is empty.
    expect(status.details).to.include({ name, kind: 'configmaps' });
    expect(status.details?.group ?? '').to.equal('');
  },
};
