import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { findCondition } from '../framework/tenancy.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { boundSetup, GROUP, PLURAL } from './support.js';

export const bindingBound: ConformanceTest = {
  id: `${AREA}/binding-bound`,
  area: AREA,
  description:
    'An APIBinding to a valid APIExport MUST reach status.phase Bound with APIExportValid, ' +
    'InitialBindingCompleted, BindingUpToDate and Ready True, list the exported resource in ' +
    "status.boundResources with the schema's name and the export's status.identityHash, and name the " +
    "provider's logical cluster in status.apiExportClusterName.",
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: test/e2e/apibinding/apibinding_test.go',
    'kcp: pkg/reconciler/apis/apibinding/apibinding_reconcile.go',
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/apis/v1alpha2/types_apibinding.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { provider, binding } = await boundSetup(ctx);
    for (const type of ['APIExportValid', 'InitialBindingCompleted', 'BindingUpToDate', 'Ready']) {
      expect(findCondition(binding, type)?.status, `condition ${type}`).to.equal('True');
    }
    expect(binding.status?.apiExportClusterName, 'status.apiExportClusterName').to.equal(
      provider.clusterName,
    );
    const bound = binding.status?.boundResources ?? [];
    expect(bound, 'status.boundResources').to.have.length(1);
    expect(bound[0]).to.include({ group: GROUP, resource: PLURAL });
    expect(bound[0]!.schema.name, 'boundResources[0].schema.name').to.equal(provider.schemaName);
    expect(bound[0]!.schema.UID, 'boundResources[0].schema.UID').to.be.a('string').and.not.equal('');
    expect(bound[0]!.schema.identityHash, 'boundResources[0].schema.identityHash').to.equal(
      provider.identityHash,
    );
  },
};
