import { expect } from 'chai';
import type { KubeObject } from '../api/types.js';
import { logicalClusters } from '../registry/builtins/logicalclusters.js';
import type { AdmissionRequest } from './admission.js';
import { inactiveMarkAdmission } from './inactive-mark.js';

const lc = (phase: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'core.kcp.io/v1alpha1',
  kind: 'LogicalCluster',
  metadata: { name: 'cluster', annotations },
  status: { phase },
});
const marked = { 'core.kcp.io/inactive': 'true' };

function update(old: KubeObject, object: KubeObject, groups = ['system:authenticated']): AdmissionRequest {
  return {
    operation: 'update',
    scope: { type: logicalClusters, cluster: 'c1' },
    name: 'cluster',
    old,
    object,
    user: { name: 'alice', uid: '', groups },
  };
}

describe('inactive mark admission', () => {
  it('admits marking a Ready cluster, and unmarking in any phase', async () => {
    await inactiveMarkAdmission(update(lc('Ready'), lc('Ready', marked)));
    await inactiveMarkAdmission(update(lc('Inactive', marked), lc('Inactive')));
    await inactiveMarkAdmission(update(lc('Initializing', marked), lc('Initializing', marked)));
  });

  it('refuses marking a cluster that is not Ready, as kcp words it', async () => {
    const error = await inactiveMarkAdmission(update(lc('Initializing'), lc('Initializing', marked))).catch(
      (e: unknown) => e,
    );
    expect(error).to.have.nested.property('status.code', 403);
    expect(error).to.have.nested.property(
      'status.message',
      'logicalclusters.core.kcp.io "cluster" is forbidden: LogicalCluster can only be marked inactive in phase "Ready", but is in phase "Initializing"',
    );
  });

  it('does not check system:masters', async () => {
    await inactiveMarkAdmission(update(lc('Initializing'), lc('Initializing', marked), ['system:masters']));
  });
});
