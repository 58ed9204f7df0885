import { expect } from 'chai';
import { chooseTenancy, NAMESPACE_SCENARIOS, ScenarioRefused } from './tenancy.js';

describe('bench tenancy', () => {
  const kcp = {
    describe: 'kcp',
    workspaces: {
      served: true,
      evidence: ['GET /apis -> 200', 'tenancy.kcp.io/v1alpha1 workspaces: create, get, list, delete'],
    },
  };
  const kube = {
    describe: 'kubeconfig kube.kubeconfig context admin (https://127.0.0.1:6443)',
    workspaces: {
      served: false,
      evidence: [
        'GET https://127.0.0.1:6443/clusters/root/apis -> 404',
        'no tenancy.kcp.io group in https://127.0.0.1:6443/clusters/root/apis',
      ],
    },
  };
  const throughput = { name: 'api-throughput' as const };
  const creation = { name: 'workspace-creation' as const, needsWorkspaces: true };

  it('takes workspaces where the target serves them, else namespaces, and says why', () => {
    expect(chooseTenancy(kcp, 'auto', throughput)).to.deep.equal({
      mode: 'workspaces',
      reason:
        'a workspace per unit: the target serves workspaces (tenancy.kcp.io/v1alpha1 workspaces: create, get, list, delete)',
    });
    const onKube = chooseTenancy(kube, 'auto', throughput);
    expect(onKube.mode).to.equal('namespaces');
    expect(onKube.reason).to.equal(
      'a namespace per unit: the target serves no workspaces (no tenancy.kcp.io group in https://127.0.0.1:6443/clusters/root/apis)',
    );
  });

  it('uses namespaces on a target with workspaces when asked', () => {
    expect(chooseTenancy(kcp, 'namespaces', throughput)).to.deep.equal({
      mode: 'namespaces',
      reason: 'a namespace per unit, as asked (--tenancy namespaces), although the target serves workspaces',
    });
    expect(chooseTenancy(kube, 'namespaces', throughput).mode).to.equal('namespaces');
  });

  it('refuses workspaces of a target without them', () => {
    expect(() => chooseTenancy(kube, 'workspaces', throughput))
      .to.throw(ScenarioRefused)
      .with.property('message')
      .that.matches(/^--tenancy workspaces: kubeconfig kube\.kubeconfig .* serves no workspaces/);
    expect(chooseTenancy(kcp, 'workspaces', throughput).mode).to.equal('workspaces');
  });

  it('refuses a scenario that measures workspaces with a namespace per unit, naming those that run', () => {
    for (const [target, requested] of [
      [kube, 'auto'],
      [kcp, 'namespaces'],
    ] as const) {
      expect(() => chooseTenancy(target, requested, creation))
        .to.throw(ScenarioRefused)
        .with.property('message')
        .that.matches(/^workspace-creation measures workspaces, and /)
        .and.contains(`run: ${NAMESPACE_SCENARIOS.join(', ')}`);
    }
    expect(chooseTenancy(kcp, 'auto', creation).mode).to.equal('workspaces');
  });
});
