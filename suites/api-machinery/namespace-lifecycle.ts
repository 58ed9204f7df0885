import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode, type KubeList, type KubeObject } from '../framework/kube.js';
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
