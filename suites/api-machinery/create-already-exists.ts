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

export const createAlreadyExists: ConformanceTest = {
  id: `${AREA}/create-already-exists`,
  area: AREA,
  description:
    'Creating an object whose name is taken MUST fail with 409 and a Status of reason AlreadyExists naming ' +
    'the object, and MUST leave the existing object unchanged.',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/storage/errors/storage.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('twice');
    const first = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { n: 'first' })),
      201,
    );
    const second = await client.post(configMapsPath(namespace), configMap(name, { n: 'second' }));
    const status = expectFailureStatus(second, 409, 'AlreadyExists');
    expect(status.details).to.include({ name, kind: 'configmaps' });

    const current = expectStatusCode(await client.get<ConfigMap>(configMapPath(namespace, name)), 200);
    expect(current.data).to.deep.equal({ n: 'first' });
    expect(current.metadata.resourceVersion).to.equal(first.metadata.resourceVersion);
  },
};
