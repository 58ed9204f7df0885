import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  describeResponse,
  expectCause,
  expectFailureStatus,
  expectStatusCode,
  mergePatch,
  type ConfigMap,
  type KubeList,
  type KubeObject,
} from '../framework/kube.js';
import { AREA } from './area.js';

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

export const namespaceLifecycle: ConformanceTest = {
  id: `${AREA}/namespace-lifecycle`,
  area: AREA,
  description:
    'A Namespace MUST be creatable (201, phase Active), readable, listable by label, and deletable (200 or ' +
    '202 with the Namespace); after deletion it MUST be either gone (404) or Terminating with a ' +
    'deletionTimestamp.',
  level: 'MUST',
  features: [Feature.Namespaces],
  source: [
    'kubernetes: pkg/registry/core/namespace/storage/storage.go',
    'kubernetes: pkg/registry/core/namespace/strategy.go',
    'kubernetes: test/e2e/apimachinery/namespace.go',
    'kcp: pkg/admission/namespacelifecycle/admission.go',
  ],
  async run({ client, uniqueName }) {
    const name = uniqueName('kh-ns');
    const label = { 'kcp-harness.io/lifecycle': name };
    const path = `/api/v1/namespaces/${name}`;
    let deleted = false;
    try {
      const created = expectStatusCode(
        await client.post<Namespace>('/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, labels: label },
        }),
        201,
      );
      expect(created.kind).to.equal('Namespace');
      expect(created.metadata.name).to.equal(name);
      expect(created.status?.phase, 'status.phase').to.equal('Active');

      const read = expectStatusCode(await client.get<Namespace>(path), 200);
      expect(read.metadata.uid).to.equal(created.metadata.uid);

      const labelSelector = `kcp-harness.io/lifecycle=${name}`;
      const list = expectStatusCode(
        await client.get<KubeList<Namespace>>('/api/v1/namespaces', { query: { labelSelector } }),
        200,
      );
      expect(list.items.map((item) => item.metadata.name)).to.deep.equal([name]);

      const deletion = await client.delete<Namespace>(path);
      expect([200, 202], describeResponse(deletion)).to.include(deletion.status);
      deleted = true;
      expect(deletion.body.kind, describeResponse(deletion)).to.equal('Namespace');
      expect(deletion.body.metadata.name).to.equal(name);

      const after = await client.get<Namespace>(path);
      if (after.status !== 404) {
        expect(after.status, describeResponse(after)).to.equal(200);
        expect(after.body.metadata.deletionTimestamp, 'deletionTimestamp of a deleted namespace').to.be.a(
          'string',
        );
        expect(after.body.status?.phase, 'phase of a deleted namespace').to.equal('Terminating');
      }
    } finally {
      if (!deleted) await client.delete(path).catch(() => undefined);
    }
  },
};

export const namespaceTermination: ConformanceTest = {
  id: `${AREA}/namespace-termination`,
  area: AREA,
  description:
    'Deleting a Namespace MUST delete its content; while content held by a finalizer keeps it Terminating, ' +
    'creating anything in it MUST be refused with 403 Forbidden ("because it is being terminated"); once the ' +
    'finalizer is removed the Namespace MUST go away.',
  level: 'MUST',
  features: [Feature.Namespaces, Feature.ConfigMaps],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go',
    'kubernetes: pkg/controller/namespace/deletion/namespaced_resources_deleter.go',
    'kcp: pkg/admission/namespacelifecycle/admission.go',
  ],
  async run(ctx) {
    const { client, uniqueName } = ctx;
    const name = uniqueName('kh-term');
    const path = `/api/v1/namespaces/${name}`;
    const configMaps = configMapsPath(name);
    expectStatusCode(
      await client.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
      201,
    );
    const held = configMap('held');
    held.metadata.finalizers = ['kcp-harness.io/hold'];
    expectStatusCode(await client.post(configMaps, held), 201);
    expectStatusCode(await client.post(configMaps, configMap('plain')), 201);
    try {
      const deletion = await client.delete(path);
      expect([200, 202], describeResponse(deletion)).to.include(deletion.status);

      // The namespace controller deletes the content; the finalizer holds one object.
      await ctx.eventually(
        async () => {
          const plain = await client.get(configMapPath(name, 'plain'));
          expect(plain.status, describeResponse(plain)).to.equal(404);
          const holding = expectStatusCode(await client.get<ConfigMap>(configMapPath(name, 'held')), 200);
          expect(holding.metadata.deletionTimestamp, 'held configmap being deleted').to.be.a('string');
        },
        { description: `content of ${name} deleted but for the held configmap` },
      );
      const terminating = expectStatusCode(await client.get<Namespace>(path), 200);
      expect(terminating.status?.phase).to.equal('Terminating');

      const refused = await client.post(configMaps, configMap('late'));
      const status = expectFailureStatus(refused, 403, 'Forbidden');
      // The NamespaceLifecycle admission plugin refuses alike in 1.34.3-1.37.2 and kcp's fork
      // (apiserver pkg/admission/plugin/namespace/lifecycle/admission.go), with a cause.
      expectCause(status, { field: 'metadata.namespace', type: 'NamespaceTerminating' });
      expect(status.message).to.contain('because it is being terminated');

      expectStatusCode(
        await mergePatch(client, configMapPath(name, 'held'), { metadata: { finalizers: null } }),
        200,
      );
      await ctx.eventually(
        async () => {
          const gone = await client.get(path);
          expect(gone.status, describeResponse(gone)).to.equal(404);
        },
        { description: `namespace ${name} gone` },
      );
    } finally {
      await mergePatch(client, configMapPath(name, 'held'), { metadata: { finalizers: null } }).catch(
        () => undefined,
      );
      await client.delete(path).catch(() => undefined);
    }
  },
};
