import { expect } from 'chai';
import { joinPath } from '../framework/cluster-paths.js';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectFailureStatus } from '../framework/kube.js';
import { ownWorkspace } from '../framework/workspace-checks.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { createConsumer, createProvider, postBinding } from './support.js';

export const pathExportNotFound: ConformanceTest = {
  id: `${AREA}/path-export-not-found-forbidden`,
  area: AREA,
  description:
    'Creating an APIBinding whose reference names a path and an APIExport that does not exist there (a missing ' +
    'export in an existing workspace, or a missing workspace) MUST be refused with 403 Forbidden saying "no ' +
    'permission to bind to export <path>:<name>", also for the workspace admin, so that it does not reveal ' +
    'whether the export exists.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: pkg/admission/apibinding/apibinding_admission.go',
    'kcp: test/e2e/apibinding/maximalpermissionpolicy_authorizer_test.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const provider = await createProvider(ctx);
    const consumer = await createConsumer(ctx);
    const missingWorkspace = joinPath(ownWorkspace(ctx).path, ctx.uniqueName('kh-nowhere'));
    for (const reference of [
      { path: provider.path, name: ctx.uniqueName('kh-missing') },
      { path: missingWorkspace, name: provider.exportName },
    ]) {
      const response = await postBinding(consumer.client, ctx.uniqueName('kh-binding'), reference);
      const status = expectFailureStatus(response, 403, 'Forbidden');
      expect(status.message, 'message').to.contain(
        `no permission to bind to export ${reference.path}:${reference.name}`,
      );
    }
  },
};
