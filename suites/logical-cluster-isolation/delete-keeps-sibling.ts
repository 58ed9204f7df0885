import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
  type KubeObject,
} from '../framework/kube.js';
import { deleteWorkspaceAt, readWorkspace, waitUntilGone } from '../framework/workspace-checks.js';
import { AREA } from './area.js';

export const deleteKeepsSibling: ConformanceTest = {
  id: `${AREA}/deleting-one-keeps-sibling`,
  area: AREA,
  description:
    'Deleting a workspace MUST NOT touch a sibling workspace that holds a namespace and a ConfigMap of the ' +
    'same names: after the deleted one is gone, the sibling MUST be Ready with the same objects (same uids).',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
    'kcp: pkg/reconciler/tenancy/workspace/workspace_reconcile_phase.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const doomed = await ctx.createWorkspace(ctx.uniqueName('kh-doomed'));
    const kept = await ctx.createWorkspace(ctx.uniqueName('kh-kept'));
    const namespace = 'same-namespace';
    const uids: Record<string, string | undefined> = {};
    for (const workspace of [doomed, kept]) {
      const ns = expectStatusCode(
        await workspace.client.post<KubeObject>('/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        }),
        201,
      );
      const cm = expectStatusCode(
        await workspace.client.post<ConfigMap>(
          configMapsPath(namespace),
          configMap('same-name', { in: workspace.name }),
        ),
        201,
      );
      uids[workspace.path] = `${ns.metadata.uid}/${cm.metadata.uid}`;
    }

    await deleteWorkspaceAt(ctx, doomed.path);
    await waitUntilGone(ctx, doomed.path);

    expect((await readWorkspace(ctx, kept.path)).status?.phase, `phase of ${kept.path}`).to.equal('Ready');
    const ns = expectStatusCode(await kept.client.get<KubeObject>(`/api/v1/namespaces/${namespace}`), 200);
    const cm = expectStatusCode(await kept.client.get<ConfigMap>(configMapPath(namespace, 'same-name')), 200);
    expect(`${ns.metadata.uid}/${cm.metadata.uid}`, 'uids in the kept workspace').to.equal(uids[kept.path]);
    expect(ns.metadata.deletionTimestamp, 'deletionTimestamp of the kept namespace').to.equal(undefined);
    expect(cm.data).to.deep.equal({ in: kept.name });
  },
};
