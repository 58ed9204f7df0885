import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode, mergePatch, type KubeObject } from '../framework/kube.js';
import { AREA } from './area.js';
import { crd, createEstablished, deleteCrd, waitServed } from './crd-support.js';

interface Widget extends KubeObject {
  spec: { size?: string; replicas?: number };
  status?: { replicas?: number; selector?: string };
}

interface Table {
  kind: string;
  columnDefinitions: { name: string; type: string }[];
  rows: { cells: unknown[] }[];
}

const version = {
  name: 'v1',
  served: true,
  storage: true,
  schema: {
    openAPIV3Schema: {
      type: 'object',
      properties: {
        spec: { type: 'object', properties: { size: { type: 'string' }, replicas: { type: 'integer' } } },
        status: {
          type: 'object',
          properties: { replicas: { type: 'integer' }, selector: { type: 'string' } },
        },
      },
    },
  },
  subresources: {
    status: {},
    scale: {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
      labelSelectorPath: '.status.selector',
    },
  },
  additionalPrinterColumns: [
    { name: 'Size', type: 'string', jsonPath: '.spec.size', description: 'the size' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
  ],
};

export const crdSubresources: ConformanceTest = {
  id: `${AREA}/crd-subresources`,
  area: AREA,
  description:
    'With the status subresource a custom resource MUST ignore status on create and on updates of the main ' +
    'resource and take it only through /status, metadata.generation MUST grow on spec changes only; /scale MUST ' +
    'read and write the replicas at the CRD paths as an autoscaling/v1 Scale; Table output MUST show the ' +
    'additionalPrinterColumns.',
  level: 'MUST',
  features: [Feature.CustomResourceDefinitions, Feature.Namespaces],
  source: [
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/strategy.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/etcd.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/tableconvertor/tableconvertor.go',
  ],
  async run(ctx) {
    const { client, namespace } = ctx;
    const group = `${ctx.uniqueName('sub')}.kcp-harness.io`;
    const definition = crd(group, 'widgets', 'Widget', [version]);
    const path = `/apis/${group}/v1/namespaces/${namespace}/widgets`;
    try {
      await createEstablished(ctx, client, definition);
      await waitServed(ctx, client, path);
      const name = ctx.uniqueName('w');
      const created = expectStatusCode(
        await client.post<Widget>(path, {
          apiVersion: `${group}/v1`,
          kind: 'Widget',
          metadata: { name },
          spec: { size: 'large', replicas: 2 },
          status: { replicas: 7 },
        }),
        201,
      );
      expect(created.status, 'status sent on create').to.equal(undefined);
      expect(created.metadata.generation, 'generation on create').to.equal(1);

      // Status through the main resource is ignored; a spec change bumps the generation.
      const updated = expectStatusCode(
        await client.put<Widget>(`${path}/${name}`, {
          ...created,
          spec: { size: 'huge', replicas: 2 },
          status: { replicas: 9 },
        }),
        200,
      );
      expect(updated.status, 'status after a main-resource update').to.equal(undefined);
      expect(updated.metadata.generation, 'generation after a spec change').to.equal(2);
      const withStatus = expectStatusCode(
        await mergePatch<Widget>(client, `${path}/${name}/status`, {
          status: { replicas: 3, selector: 'app=x' },
        }),
        200,
      );
      expect(withStatus.status, 'status after PATCH /status').to.deep.equal({
        replicas: 3,
        selector: 'app=x',
      });
      expect(withStatus.metadata.generation, 'generation after a status change').to.equal(2);

      // Scale: a view of the replicas at the CRD's paths, writable.
      const scale = expectStatusCode(await client.get<KubeObject>(`${path}/${name}/scale`), 200);
      expect(scale, describeResponse(await client.get(`${path}/${name}/scale`))).to.deep.include({
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        spec: { replicas: 2 },
        status: { replicas: 3, selector: 'app=x' },
      });
      expect(scale.metadata.name, 'Scale name').to.equal(name);
      const scaled = expectStatusCode(
        await client.put<KubeObject>(`${path}/${name}/scale`, { ...scale, spec: { replicas: 5 } }),
        200,
      );
      expect(scaled.spec, 'Scale spec after PUT').to.deep.equal({ replicas: 5 });
      const after = expectStatusCode(await client.get<Widget>(`${path}/${name}`), 200);
      expect(after.spec.replicas, 'spec.replicas after scaling').to.equal(5);
      expect(after.metadata.generation, 'generation after scaling').to.equal(3);

      // Table: Name, then the printer columns.
      const table = expectStatusCode(
        await client.get<Table>(path, {
          headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
        }),
        200,
      );
      expect(table.kind, 'Table kind').to.equal('Table');
      expect(
        table.columnDefinitions.map((c) => [c.name, c.type]),
        'columns',
      ).to.deep.equal([
        ['Name', 'string'],
        ['Size', 'string'],
        ['Replicas', 'integer'],
      ]);
      expect(
        table.rows.map((r) => r.cells),
        'rows',
      ).to.deep.equal([[name, 'huge', 5]]);
    } finally {
      await deleteCrd(client, definition.metadata.name);
    }
  },
};
