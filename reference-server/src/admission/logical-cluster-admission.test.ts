import { expect } from 'chai';
import type { KubeObject } from '../api/types.js';
import { logicalClusters } from '../registry/builtins/logicalclusters.js';
import type { AdmissionRequest } from './admission.js';
import { logicalClusterAdmission } from './logical-cluster-admission.js';

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

describe('LogicalCluster admission', () => {
  it('admits marking a Ready cluster, and unmarking in any phase', async () => {
    await logicalClusterAdmission(update(lc('Ready'), lc('Ready', marked)));
    await logicalClusterAdmission(update(lc('Inactive', marked), lc('Inactive')));
    await logicalClusterAdmission(update(lc('Initializing', marked), lc('Initializing', marked)));
  });

  it('refuses marking a cluster that is not Ready, as kcp words it', async () => {
    const error = await logicalClusterAdmission(update(lc('Initializing'), lc('Initializing', marked))).catch(
      (e: unknown) => e,
    );
    expect(error).to.have.nested.property('status.code', 403);
    expect(error).to.have.nested.property(
      'status.message',
      'logicalclusters.core.kcp.io "cluster" is forbidden: LogicalCluster can only be marked inactive in phase "Ready", but is in phase "Initializing"',
    );
  });

  it('does not check system:masters', async () => {
    await logicalClusterAdmission(update(lc('Initializing'), lc('Initializing', marked), ['system:masters']));
  });

  it('refuses a phase that moves backwards or is unknown, so an admin cannot lock everyone out', async () => {
    for (const phase of ['Bogus', 'Initializing', 'Scheduling', '']) {
      const error = await logicalClusterAdmission(update(lc('Ready'), lc(phase))).catch((e: unknown) => e);
      expect(error, phase).to.have.nested.property('status.code', 403);
      expect(error).to.have.nested.property(
        'status.message',
        `logicalclusters.core.kcp.io "cluster" is forbidden: cannot transition from "Ready" to ${JSON.stringify(phase)}`,
      );
    }
    await logicalClusterAdmission(update(lc('Initializing'), lc('Ready')));
    await logicalClusterAdmission(update(lc('Ready'), lc('Bogus'), ['system:kcp:logical-cluster-admin']));
  });

  it('keeps createdBy and spec.initializers, and lets status.initializers only shrink', async () => {
    const withInit = (phase: string, spec: string[], status: string[], createdBy = 'alice'): KubeObject => ({
      ...lc(phase),
      spec: { initializers: spec, createdBy },
      status: { phase, initializers: status },
    });
    const refused = (old: KubeObject, object: KubeObject) =>
      logicalClusterAdmission(update(old, object)).then(
        () => 'admitted',
        (e: { status: { message: string } }) => e.status.message.replace(/^.*is forbidden: /, ''),
      );
    expect(
      await refused(withInit('Initializing', ['a'], ['a']), withInit('Initializing', ['a'], [])),
    ).to.equal('admitted');
    expect(
      await refused(withInit('Initializing', ['a'], ['a']), withInit('Initializing', ['a', 'b'], ['a'])),
    ).to.equal('spec.initializers is immutable');
    expect(
      await refused(withInit('Initializing', ['a'], []), withInit('Initializing', ['a'], ['a'])),
    ).to.equal('status.initializers must not grow');
    expect(await refused(withInit('Initializing', ['a'], ['a']), withInit('Ready', ['a'], ['a']))).to.equal(
      'status.initializers is not empty',
    );
    expect(await refused(withInit('Ready', ['a'], []), withInit('Ready', ['a'], ['a']))).to.equal(
      'status.initializers is immutable after initialization',
    );
    expect(await refused(withInit('Ready', ['a'], []), withInit('Ready', ['a'], [], 'mallory'))).to.match(
      /^spec\.createdBy: Invalid value: "mallory": field is immutable$/,
    );
  });

  it('refuses creating, and deleting unless directlyDeletable', async () => {
    const request = (operation: 'create' | 'delete', old?: KubeObject): AdmissionRequest => ({
      ...update(lc('Ready'), lc('Ready')),
      operation,
      old,
      object: operation === 'create' ? lc('') : undefined,
    });
    const create = await logicalClusterAdmission(request('create')).catch((e: unknown) => e);
    expect(create).to.have.nested.property('status.code', 403);
    const del = await logicalClusterAdmission(request('delete', lc('Ready'))).catch((e: unknown) => e);
    expect(del).to.have.nested.property(
      'status.message',
      'logicalclusters.core.kcp.io "cluster" is forbidden: LogicalCluster cannot be deleted',
    );
    await logicalClusterAdmission(request('delete', { ...lc('Ready'), spec: { directlyDeletable: true } }));
  });
});
