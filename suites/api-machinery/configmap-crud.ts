import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  compareResourceVersions,
  configMap,
  configMapPath,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type Status,
} from '../framework/kube.js';
import { AREA } from './area.js';

export const configmapCrud: ConformanceTest = {
  id: `${AREA}/configmap-crud`,
  area: AREA,
  description:
    'A ConfigMap MUST be creatable (201), readable (200) with the data written, updatable (200) with a new ' +
    'resourceVersion, and deletable (200, a Success Status naming it), after which a GET MUST answer 404.',
  level: 'MUST',
  features: [Feature.ConfigMaps],
  source: [
    'kubernetes: test/e2e/common/node/configmap.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go',
    'kcp: test/e2e/server/restart_test.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const name = uniqueName('crud');
    const created = expectStatusCode(
      await client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { greeting: 'hello' })),
      201,
    );
    expect(created.metadata).to.include({ name, namespace });
    expect(created.metadata.uid, 'metadata.uid').to.be.a('string').with.length.above(0);
    expect(created.metadata.creationTimestamp, 'metadata.creationTimestamp')
      .to.be.a('string')
      .with.length.above(0);
    expect(created.data).to.deep.equal({ greeting: 'hello' });
    const createdRv = created.metadata.resourceVersion!;

    const read = expectStatusCode(await client.get<ConfigMap>(configMapPath(namespace, name)), 200);
    expect(read.metadata).to.include({ name, uid: created.metadata.uid, resourceVersion: createdRv });
    expect(read.data).to.deep.equal({ greeting: 'hello' });

    const changed: ConfigMap = { ...read, data: { greeting: 'hello again', extra: 'x' } };
    const updated = expectStatusCode(
      await client.put<ConfigMap>(configMapPath(namespace, name), changed),
      200,
    );
    expect(updated.data).to.deep.equal({ greeting: 'hello again', extra: 'x' });
    expect(updated.metadata.uid).to.equal(created.metadata.uid);
    expect(
      compareResourceVersions(updated.metadata.resourceVersion!, createdRv),
      'resourceVersion grows on update',
    ).to.equal(1);

    const reread = expectStatusCode(await client.get<ConfigMap>(configMapPath(namespace, name)), 200);
    expect(reread.data).to.deep.equal({ greeting: 'hello again', extra: 'x' });

    // Without finalizers the object is gone at once; the store answers a Success Status that names it.
    const deleted = expectStatusCode(await client.delete<Status>(configMapPath(namespace, name)), 200);
    expect(deleted).to.include({ kind: 'Status', apiVersion: 'v1', status: 'Success' });
    expect(deleted.details).to.include({ name, kind: 'configmaps', uid: created.metadata.uid });

    expectStatusCode(await client.get(configMapPath(namespace, name)), 404);
  },
};
