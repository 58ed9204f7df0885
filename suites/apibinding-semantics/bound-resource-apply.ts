import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { ClusterClient } from '../framework/http/client.js';
import { expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { boundSetup, GROUP, KIND, objectPath, VERSION, type Cowhand } from './support.js';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
}

const applyYaml = (name: string, task: string): string =>
  [
    `apiVersion: ${GROUP}/${VERSION}`,
    `kind: ${KIND}`,
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  task: ${task}`,
  ]
    .join('\n')
    .concat('\n');

function apply(client: ClusterClient, path: string, body: string, fieldManager: string) {
  return client.request<Cowhand>({
    method: 'PATCH',
    path,
    query: { fieldManager },
    body,
    headers: { 'content-type': 'application/apply-patch+yaml' },
  });
}

export const boundResourceApply: ConformanceTest = {
  id: `${AREA}/bound-resource-apply`,
  area: AREA,
  description:
    'Server-side apply MUST work on a bound resource: an apply of a missing object creates it (201), a second ' +
    'apply by the same field manager updates it (200), and managedFields record an Apply entry for that manager.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.ServerSideApply],
  source: [
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go',
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/customresource_handler.go',
    'kcp: pkg/server/apiextensions.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer } = await boundSetup(ctx);
    const name = ctx.uniqueName('hand');
    const path = objectPath(consumer.namespace, name);
    const created = expectStatusCode(
      await apply(consumer.client, path, applyYaml(name, 'herd'), 'kh-ranch'),
      201,
    );
    expect(created.spec).to.deep.equal({ task: 'herd' });
    const updated = expectStatusCode(
      await apply(consumer.client, path, applyYaml(name, 'rope'), 'kh-ranch'),
      200,
    );
    expect(updated.spec).to.deep.equal({ task: 'rope' });
    const entries = (updated.metadata.managedFields ?? []) as ManagedFieldsEntry[];
    expect(
      entries.map(({ manager, operation, apiVersion }) => ({ manager, operation, apiVersion })),
      'managedFields',
    ).to.deep.include({ manager: 'kh-ranch', operation: 'Apply', apiVersion: `${GROUP}/${VERSION}` });
  },
};
