import { expect } from 'chai';
import { CRDS, crd } from '../api-machinery/crd-support.js';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectFailureStatus } from '../framework/kube.js';
import { AREA } from './area.js';

const schema = { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
const versions = [{ name: 'v1', served: true, storage: true, schema }];

export const reservedCrds: ConformanceTest = {
  id: `${AREA}/reserved-crd-group-and-annotation`,
  area: AREA,
  description:
    'Creating a CustomResourceDefinition in group apis.kcp.io or any group ending in apis.kcp.io MUST be refused ' +
    'with 403 Forbidden saying the group is reserved, and one carrying the annotation apis.kcp.io/bound-crd ' +
    'MUST be refused with 403 Forbidden saying the annotation is reserved.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.APIBindings, Feature.CustomResourceDefinitions],
  source: [
    'kcp: test/e2e/customresourcedefinition/customresourcedefinition_test.go',
    'kcp: pkg/admission/reservedcrdgroups/admission.go',
    'kcp: pkg/admission/reservedcrdannotations/admission.go',
  ],
  async run(ctx) {
    for (const group of ['apis.kcp.io', `${ctx.uniqueName('kh')}.apis.kcp.io`]) {
      const response = await ctx.client.post(CRDS, crd(group, 'widgets', 'Widget', versions));
      const status = expectFailureStatus(response, 403, 'Forbidden');
      expect(status.message, `CRD in group ${group}`).to.contain(`${group} is a reserved group`);
    }
    const annotated = crd(`${ctx.uniqueName('kh')}.example.dev`, 'widgets', 'Widget', versions);
    annotated.metadata.annotations = { 'apis.kcp.io/bound-crd': '' };
    const status = expectFailureStatus(await ctx.client.post(CRDS, annotated), 403, 'Forbidden');
    expect(status.message, 'CRD with apis.kcp.io/bound-crd').to.contain(
      'apis.kcp.io/bound-crd is a reserved annotation',
    );
  },
};
