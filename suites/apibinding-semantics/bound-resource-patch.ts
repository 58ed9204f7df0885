import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectFailureStatus, expectStatusCode, mergePatch } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { boundSetup, collectionPath, cowhand, objectPath, type Cowhand } from './support.js';

export const boundResourcePatch: ConformanceTest = {
  id: `${AREA}/bound-resource-patch`,
  area: AREA,
  description:
    'Objects of a bound resource MUST accept JSON merge patches and JSON patches, and MUST refuse a strategic ' +
    'merge patch with 415 UnsupportedMediaType, as custom resources do.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kubernetes: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/customresource_handler.go',
    'kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go',
    'kcp: pkg/server/apiextensions.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer } = await boundSetup(ctx);
    const { client, namespace } = consumer;
    const name = ctx.uniqueName('hand');
    expectStatusCode(await client.post(collectionPath(namespace), cowhand(name, 'herd')), 201);
    const path = objectPath(namespace, name);

    const merged = expectStatusCode(await mergePatch<Cowhand>(client, path, { spec: { task: 'rope' } }), 200);
    expect(merged.spec).to.deep.equal({ task: 'rope' });

    const jsonPatched = expectStatusCode(
      await client.request<Cowhand>({
        method: 'PATCH',
        path,
        body: JSON.stringify([{ op: 'replace', path: '/spec/task', value: 'brand' }]),
        headers: { 'content-type': 'application/json-patch+json' },
      }),
      200,
    );
    expect(jsonPatched.spec).to.deep.equal({ task: 'brand' });

    const strategic = await client.request({
      method: 'PATCH',
      path,
      body: JSON.stringify({ spec: { task: 'ride' } }),
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
    });
    expectFailureStatus(strategic, 415, 'UnsupportedMediaType');
    const after = expectStatusCode(await client.get<Cowhand>(path), 200);
    expect(after.spec, 'spec after the refused patch').to.deep.equal({ task: 'brand' });
  },
};
