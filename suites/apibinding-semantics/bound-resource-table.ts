import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { boundSetup, collectionPath, cowhand } from './support.js';

export const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export interface Table {
  kind?: string;
  apiVersion?: string;
  columnDefinitions: { name: string; type: string }[];
  rows: { cells: unknown[]; object?: { metadata?: { name?: string } } }[];
}

export const boundResourceTable: ConformanceTest = {
  id: `${AREA}/bound-resource-table`,
  area: AREA,
  description:
    "A list of a bound resource asked for as a meta.k8s.io/v1 Table MUST answer the schema's printer columns " +
    '(Name, then the additionalPrinterColumns in order) with one row per object holding their values.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.TableOutput],
  source: [
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/tableconvertor/tableconvertor.go',
    'kcp: pkg/reconciler/apis/apibinding/apibinding_reconcile.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer } = await boundSetup(ctx);
    const collection = collectionPath(consumer.namespace);
    const name = ctx.uniqueName('hand');
    const created = expectStatusCode(await consumer.client.post(collection, cowhand(name, 'herd')), 201);
    expectStatusCode(
      await consumer.client.put(`${collection}/${name}/status`, {
        ...(created as object),
        status: { outcome: 'won' },
      }),
      200,
    );
    const table = expectStatusCode(
      await consumer.client.get<Table>(collection, { headers: { accept: TABLE } }),
      200,
    );
    expect(table).to.include({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(table.columnDefinitions.map((column) => `${column.name}:${column.type}`)).to.deep.equal([
      'Name:string',
      'Task:string',
      'Outcome:string',
      'Age:date',
    ]);
    expect(table.rows.map((row) => row.cells.slice(0, 3))).to.deep.equal([[name, 'herd', 'won']]);
  },
};
