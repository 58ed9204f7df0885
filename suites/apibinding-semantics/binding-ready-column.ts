import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { TABLE, type Table } from './bound-resource-table.js';
import { BINDINGS_PATH, boundSetup } from './support.js';

export const bindingReadyColumn: ConformanceTest = {
  id: `${AREA}/binding-ready-column`,
  area: AREA,
  description:
    'APIBindings asked for as a meta.k8s.io/v1 Table (what kubectl get apibindings prints) MUST have a Ready ' +
    'column, showing True for a Bound binding (the status of its Ready condition).',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.TableOutput],
  source: ['kcp: config/crds/apis.kcp.io_apibindings.yaml'],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer, bindingName } = await boundSetup(ctx);
    const table = expectStatusCode(
      await consumer.client.get<Table>(BINDINGS_PATH, { headers: { accept: TABLE } }),
      200,
    );
    expect(table).to.include({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    const names = table.columnDefinitions.map((column) => column.name);
    expect(names, 'columns').to.include.members(['Name', 'Ready']);
    const row = table.rows.find((entry) => entry.cells[0] === bindingName);
    expect(row, `row of ${bindingName}`).to.be.an('object');
    expect(row!.cells[names.indexOf('Ready')], `Ready of ${bindingName}`).to.equal('True');
  },
};
