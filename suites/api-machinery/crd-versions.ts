// A CRD with several versions and conversion strategy None: one stored form, every served version
// readable and writable with only apiVersion changed; selectableFields as field selectors.
import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  describeResponse,
  expectFailureStatus,
  expectStatusCode,
  type KubeList,
  type KubeObject,
} from '../framework/kube.js';
import { AREA } from './area.js';
import { CRDS, crd, createEstablished, deleteCrd, waitServed, type CrdObject } from './crd-support.js';

const schema = {
  openAPIV3Schema: {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { color: { type: 'string' }, size: { type: 'integer' } } },
    },
  },
};

export const crdVersions: ConformanceTest = {
  id: `${AREA}/crd-versions`,
  area: AREA,
  description:
    'With conversion strategy None, an object written in one served version of a CRD MUST be readable in ' +
    'every served version with only apiVersion changed, status.storedVersions MUST name the storage version, ' +
    "a version with served: false MUST NOT be served, and a CRD's selectableFields MUST be usable as field " +
    'selectors (other fields refused with 400).',
  level: 'MUST',
  features: [Feature.CustomResourceDefinitions, Feature.Namespaces],
  source: [
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/conversion/nop_converter.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/customresource_handler.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/strategy.go',
  ],
  async run(ctx) {
    const { client, namespace, uniqueName } = ctx;
    const group = `${uniqueName('ver')}.kh.example.com`;
    const selectableFields = [{ jsonPath: '.spec.color' }];
    const definition = crd(group, 'prisms', 'Prism', [
      { name: 'v1', served: true, storage: true, schema, selectableFields },
      { name: 'v2', served: true, storage: false, schema, selectableFields },
      // Identical selectableFields on every version: kube moves them to the top level with the
      // (identical) schema and refuses the CRD otherwise.
      { name: 'v3', served: false, storage: false, schema, selectableFields },
    ]);
    const established = await createEstablished(ctx, client, definition);
    try {
      expect(established.status?.storedVersions).to.deep.equal(['v1']);
      const path = (version: string, name = '') =>
        `/apis/${group}/${version}/namespaces/${namespace}/prisms${name ? `/${name}` : ''}`;
      await waitServed(ctx, client, path('v1'));
      await waitServed(ctx, client, path('v2'));

      const created = expectStatusCode(
        await client.post<KubeObject>(path('v2'), {
          apiVersion: `${group}/v2`,
          kind: 'Prism',
          metadata: { name: 'red' },
          spec: { color: 'red', size: 1 },
        }),
        201,
      );
      expect(created.apiVersion).to.equal(`${group}/v2`);
      expectStatusCode(
        await client.post(path('v1'), {
          apiVersion: `${group}/v1`,
          kind: 'Prism',
          metadata: { name: 'blue' },
          spec: { color: 'blue', size: 2 },
        }),
        201,
      );
      const asV1 = expectStatusCode(await client.get<KubeObject>(path('v1', 'red')), 200);
      expect(asV1.apiVersion).to.equal(`${group}/v1`);
      expect(asV1.spec).to.deep.equal({ color: 'red', size: 1 });
      expect(asV1.metadata.resourceVersion).to.equal(created.metadata.resourceVersion);
      const asV2 = expectStatusCode(await client.get<KubeObject>(path('v2', 'blue')), 200);
      expect(asV2.apiVersion).to.equal(`${group}/v2`);
      const listV2 = expectStatusCode(await client.get<KubeList>(path('v2')), 200);
      expect(listV2.apiVersion).to.equal(`${group}/v2`);
      expect(listV2.items.map((item) => item.apiVersion)).to.deep.equal([`${group}/v2`, `${group}/v2`]);

      const unserved = await client.get(path('v3'));
      expect(unserved.status, describeResponse(unserved)).to.equal(404);

      const selected = expectStatusCode(
        await client.get<KubeList>(path('v1'), { query: { fieldSelector: 'spec.color=blue' } }),
        200,
      );
      expect(selected.items.map((item) => item.metadata.name)).to.deep.equal(['blue']);
      const refused = await client.get(path('v1'), { query: { fieldSelector: 'spec.size=1' } });
      expect(expectFailureStatus(refused, 400, 'BadRequest').message).to.contain('spec.size');

      const stored = expectStatusCode(
        await client.get<CrdObject>(`${CRDS}/${definition.metadata.name}`),
        200,
      );
      expect(stored.status?.storedVersions).to.deep.equal(['v1']);
    } finally {
      await deleteCrd(client, definition.metadata.name);
    }
  },
};
