import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  boundSetup,
  discoveredGroups,
  discoveredResources,
  GROUP,
  GROUP_VERSION,
  openapiPaths,
  VERSION,
} from './support.js';

export const exportNotServedInProvider: ConformanceTest = {
  id: `${AREA}/export-not-served-in-provider`,
  area: AREA,
  description:
    "Exporting an API MUST NOT install it in the provider workspace: while a consumer has it bound, the provider's " +
    '/apis MUST NOT list the group, /apis/<group>/<version> MUST NOT list any resource (kcp answers an empty list, kube 404), and /openapi/v3 MUST NOT list ' +
    'apis/<group>/<version>.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.OpenAPIv3],
  source: ['kcp: test/e2e/apibinding/apibinding_test.go', 'kcp: pkg/server/apiextensions.go'],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { provider } = await boundSetup(ctx);
    expect(await discoveredGroups(provider.client), 'groups of /apis in the provider').not.to.include(GROUP);
    expect(await discoveredResources(provider.client), `${GROUP_VERSION} in the provider`).to.deep.equal([]);
    expect(await openapiPaths(provider.client), 'paths of /openapi/v3 in the provider').not.to.include(
      `apis/${GROUP}/${VERSION}`,
    );
  },
};
