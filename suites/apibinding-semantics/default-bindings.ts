import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode, type KubeList } from '../framework/kube.js';
import { findCondition } from '../framework/tenancy.js';
import { AREA } from './area.js';
import { BINDINGS_PATH, type APIBinding } from './support.js';

export const defaultBindings: ConformanceTest = {
  id: `${AREA}/default-bindings`,
  area: AREA,
  description:
    "A new workspace of the default type MUST, once Ready, hold the APIBindings of its type's " +
    'defaultAPIBindings, made by the apibinder initializer: in kcp one named tenancy.kcp.io-<5 characters> and ' +
    'one named topology.kcp.io-<5 characters>, referencing the exports of those names at path root, each Bound ' +
    'and Ready.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.APIBindings, Feature.DefaultAPIBindings],
  source: [
    'kcp: pkg/reconciler/tenancy/initialization/apibinder_initializer_reconcile.go',
    'kcp: config/root/workspacetype-universal.yaml',
    'kcp: test/e2e/apibinding/default_apibinding_test.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const workspace = await ctx.createWorkspace(ctx.uniqueName('kh-defaults'));
    const list = expectStatusCode(await workspace.client.get<KubeList<APIBinding>>(BINDINGS_PATH), 200);
    for (const exportName of ['tenancy.kcp.io', 'topology.kcp.io']) {
      const pattern = new RegExp(`^${exportName.replaceAll('.', '\\.')}-[a-z0-9]{5}$`);
      const matching = list.items.filter((binding) => pattern.test(binding.metadata.name ?? ''));
      expect(
        matching.map((binding) => binding.metadata.name),
        `bindings named ${exportName}-xxxxx among ${list.items.map((b) => b.metadata.name).join(', ')}`,
      ).to.have.length(1);
      const binding = matching[0]!;
      expect(binding.spec?.reference?.export, `reference of ${binding.metadata.name}`).to.deep.equal({
        path: 'root',
        name: exportName,
      });
      expect(binding.status?.phase, `phase of ${binding.metadata.name}`).to.equal('Bound');
      expect(findCondition(binding, 'Ready')?.status, `Ready of ${binding.metadata.name}`).to.equal('True');
    }
  },
};
