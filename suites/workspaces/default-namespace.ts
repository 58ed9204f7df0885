import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import {
  describeResponse,
  expectFailureStatus,
  expectStatusCode,
  type KubeObject,
} from '../framework/kube.js';
import { AREA } from './area.js';

export const defaultNamespaceUndeletable: ConformanceTest = {
  id: `${AREA}/default-namespace-undeletable`,
  area: AREA,
  description:
    'Deleting namespace default in a workspace MUST be refused with 403 Forbidden, and the namespace ' +
    'MUST stay (not Terminating).',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces],
  source: [
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
    'kcp: pkg/admission/namespacelifecycle/admission.go',
    'kubernetes: plugin/pkg/admission/namespace/lifecycle/admission.go',
  ],
  async run(ctx) {
    const { client } = ctx;
    const path = '/api/v1/namespaces/default';
    await ctx.eventually(
      async () => {
        const response = await client.get(path);
        expect(response.status, describeResponse(response)).to.equal(200);
      },
      { description: 'namespace default exists' },
    );
    expectFailureStatus(await client.delete(path), 403, 'Forbidden');
    const after = expectStatusCode(await client.get<KubeObject>(path), 200);
    expect(after.metadata.deletionTimestamp, 'deletionTimestamp of namespace default').to.equal(undefined);
  },
};
