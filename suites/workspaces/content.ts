// Seeds a workspace with a namespace and a ConfigMap, so deletion and isolation tests can tell
// whether its content is still there.
import { expect } from 'chai';
import type { ClusterClient } from '../framework/http/client.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
  expectStatusCode,
  type ConfigMap,
} from '../framework/kube.js';

export interface Seed {
  namespace: string;
  configMap: string;
  uid: string;
}

export async function seed(client: ClusterClient, namespace: string, name: string): Promise<Seed> {
  const ns = await client.post('/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  expect(ns.status, describeResponse(ns)).to.equal(201);
  const created = expectStatusCode(
    await client.post<ConfigMap>(configMapsPath(namespace), configMap(name, { seeded: 'yes' })),
    201,
  );
  return { namespace, configMap: name, uid: created.metadata.uid ?? '' };
}

/** Asserts the seeded ConfigMap is still there, unchanged. */
export async function expectSeed(client: ClusterClient, seeded: Seed): Promise<void> {
  const read = expectStatusCode(
    await client.get<ConfigMap>(configMapPath(seeded.namespace, seeded.configMap)),
    200,
  );
  expect(read.metadata.uid, `uid of ${seeded.namespace}/${seeded.configMap}`).to.equal(seeded.uid);
  expect(read.data).to.deep.equal({ seeded: 'yes' });
}
