import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { expectForbidden } from '../rbac-scoping/rbac.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  APIS_GROUP,
  bindingObject,
  boundSetup,
  collectionPath,
  cowhand,
  createConsumer,
  referenceTo,
} from './support.js';
import { ALL_COWHANDS, virtualWorkspaceOf } from './virtual-workspace-support.js';

export const virtualWorkspaceRefusals: ConformanceTest = {
  id: `${AREA}/virtual-workspace-refusals`,
  area: AREA,
  description:
    "An APIExport's virtual workspace MUST answer 403 for a logical cluster without a binding to the export and " +
    'for a workspace path after /clusters/, MUST NOT create objects at /clusters/* (404 or 405), MUST answer ' +
    '400 to a list at /clusters/* scoped to a namespace, and MUST refuse (403) writes of apibindings in a ' +
    'consumer.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.APIExportVirtualWorkspace],
  source: [
    'kcp: pkg/virtual/apiexport/authorizer/binding.go',
    'kcp: pkg/virtual/apiexport/builder/build.go',
    'kcp: pkg/virtual/framework/forwardingregistry/store.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const { provider, consumer } = await boundSetup(ctx);
    const unbound = await createConsumer(ctx, 'kh-unbound');
    const vw = await virtualWorkspaceOf(ctx, provider);

    expectForbidden(await vw.cluster(unbound.workspace.clusterName).get(ALL_COWHANDS));
    expectForbidden(await vw.cluster(consumer.workspace.path).get(ALL_COWHANDS));

    const atAll = await vw.all.post(collectionPath(consumer.namespace), cowhand(ctx.uniqueName('hand')));
    expect([404, 405], `create at /clusters/*: ${describeResponse(atAll)}`).to.include(atAll.status);
    // kcp's answer names no reason, only the code and message.
    expectStatusCode(await vw.all.get(collectionPath(consumer.namespace)), 400);

    const binding = bindingObject(ctx.uniqueName('kh-binding'), referenceTo(provider));
    expectForbidden(
      await vw
        .cluster(consumer.workspace.clusterName)
        .post(`/apis/${APIS_GROUP}/v1alpha2/apibindings`, binding),
    );
  },
};
