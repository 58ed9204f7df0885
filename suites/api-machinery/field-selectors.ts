// Field selectors: metadata.name and metadata.namespace on every type, the type's own fields
// where Kubernetes registers them (Secret: type), and a 400 for anything else.
import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapsPath,
  expectFailureStatus,
  expectStatusCode,
  type KubeList,
} from '../framework/kube.js';
import { AREA } from './area.js';

const names = (list: KubeList): string[] => list.items.map((item) => item.metadata.name ?? '').sort();

export const fieldSelectors: ConformanceTest = {
  id: `${AREA}/field-selectors`,
  area: AREA,
  description:
    'Lists MUST honour fieldSelector on metadata.name and metadata.namespace with =, == and != (also ' +
    "across namespaces), and a type's own selectable fields (Secret type); a field the type does not " +
    'support MUST be refused with 400 BadRequest naming it.',
  level: 'MUST',
  features: [Feature.ConfigMaps, Feature.Namespaces, Feature.LabelSelectors],
  source: [
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/fields/selector.go',
    'kubernetes: staging/src/k8s.io/apimachinery/pkg/runtime/conversion.go',
    'kubernetes: pkg/apis/core/v1/conversion.go',
  ],
  async run({ client, namespace, uniqueName }) {
    const label = { 'kcp-harness/fields': uniqueName('f') };
    const labelSelector = `kcp-harness/fields=${label['kcp-harness/fields']}`;
    const other = uniqueName('fs-other');
    expectStatusCode(
      await client.post('/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: other },
      }),
      201,
    );
    try {
      for (const [ns, name] of [
        [namespace, 'alpha'],
        [namespace, 'beta'],
        [other, 'alpha'],
      ] as const)
        expectStatusCode(await client.post(configMapsPath(ns), configMap(name, {}, label)), 201);

      const list = async (path: string, fieldSelector: string) =>
        names(
          expectStatusCode(
            await client.get<KubeList>(path, { query: { labelSelector, fieldSelector } }),
            200,
          ),
        );
      expect(await list(configMapsPath(namespace), 'metadata.name=alpha')).to.deep.equal(['alpha']);
      expect(await list(configMapsPath(namespace), 'metadata.name==beta')).to.deep.equal(['beta']);
      expect(await list(configMapsPath(namespace), 'metadata.name!=alpha')).to.deep.equal(['beta']);
      expect(await list('/api/v1/configmaps', 'metadata.name=alpha')).to.deep.equal(['alpha', 'alpha']);
      expect(await list('/api/v1/configmaps', `metadata.namespace=${other}`)).to.deep.equal(['alpha']);
      expect(await list('/api/v1/configmaps', `metadata.namespace!=${other}`)).to.deep.equal([
        'alpha',
        'beta',
      ]);
      expect(
        await list('/api/v1/configmaps', `metadata.name=alpha,metadata.namespace=${namespace}`),
      ).to.deep.equal(['alpha']);

      const secrets = `/api/v1/namespaces/${namespace}/secrets`;
      for (const [name, type] of [
        ['opaque', 'Opaque'],
        ['basic', 'kubernetes.io/basic-auth'],
      ] as const) {
        const data = type === 'Opaque' ? {} : { username: Buffer.from('u').toString('base64') };
        expectStatusCode(
          await client.post(secrets, {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name, labels: label },
            type,
            data,
          }),
          201,
        );
      }
      expect(await list(secrets, 'type=kubernetes.io/basic-auth')).to.deep.equal(['basic']);
      expect(await list(secrets, 'type!=kubernetes.io/basic-auth')).to.deep.equal(['opaque']);

      const unsupported = await client.get(configMapsPath(namespace), {
        query: { fieldSelector: 'data.x=1' },
      });
      const status = expectFailureStatus(unsupported, 400, 'BadRequest');
      expect(status.message).to.contain('data.x');
    } finally {
      await client.delete(`/api/v1/namespaces/${other}`);
    }
  },
};
