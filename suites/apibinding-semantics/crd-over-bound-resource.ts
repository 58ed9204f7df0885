import { expect } from 'chai';
import { CRDS, crd, type CrdObject } from '../api-machinery/crd-support.js';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode } from '../framework/kube.js';
import { findCondition } from '../framework/tenancy.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  boundSetup,
  collectionPath,
  cowhand,
  discoveredResources,
  GROUP,
  KIND,
  PLURAL,
  readBinding,
  VERSION,
  type Cowhand,
} from './support.js';

export const crdOverBoundResource: ConformanceTest = {
  id: `${AREA}/crd-over-bound-resource`,
  area: AREA,
  description:
    'A CustomResourceDefinition created in a consumer for a group and resource that an APIBinding already serves ' +
    'MUST be accepted (201) but never become Established (NamesAccepted False), and the binding MUST stay Bound ' +
    'and keep serving the resource.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.CustomResourceDefinitions],
  source: [
    'kcp: pkg/admission/plugins.go',
    'kcp: pkg/admission/crdnooverlappinggvr/crdnooverlappinggvr_admission.go',
    'kcp: pkg/server/apiextensions.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer, bindingName } = await boundSetup(ctx);
    const definition = crd(GROUP, PLURAL, KIND, [
      {
        name: VERSION,
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ]);
    // kcp's CRDNoOverlappingGVR admission plugin, which would refuse this, is off by default.
    expectStatusCode(await consumer.client.post(CRDS, definition), 201);
    const rejected = await ctx.eventually(
      async () => {
        const current = expectStatusCode(
          await consumer.client.get<CrdObject>(`${CRDS}/${definition.metadata.name}`),
          200,
        );
        expect(
          findCondition(current, 'NamesAccepted')?.status,
          `NamesAccepted of the CRD: ${JSON.stringify(current.status?.conditions)}`,
        ).to.equal('False');
        return current;
      },
      { description: `CRD ${definition.metadata.name} NamesAccepted False` },
    );
    expect(findCondition(rejected, 'Established')?.status, 'Established of the CRD').not.to.equal('True');

    const binding = await readBinding(consumer.client, bindingName);
    expect(binding.status?.phase, 'phase of the binding').to.equal('Bound');
    const created = expectStatusCode(
      await consumer.client.post<Cowhand>(
        collectionPath(consumer.namespace),
        cowhand(ctx.uniqueName('hand'), 'herd', { spec: { task: 'herd', extra: 'pruned by the schema' } }),
      ),
      201,
    );
    // Served by the bound schema, which prunes what it does not declare (the CRD would keep it).
    expect(created.spec, 'spec of an object created after the CRD').to.deep.equal({ task: 'herd' });
    const resource = (await discoveredResources(consumer.client)).find((entry) => entry.name === PLURAL);
    expect(resource?.verbs, 'verbs of the bound resource').to.include('create');
  },
};
