import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { boundSetup, discoveredResources, GROUP, KIND, openapiPaths, PLURAL, VERSION } from './support.js';

export const boundResourceDiscovery: ConformanceTest = {
  id: `${AREA}/bound-resource-discovery`,
  area: AREA,
  description:
    "A bound resource MUST appear in the consumer's discovery: /apis lists the group with the version, " +
    '/apis/<group>/<version> lists the namespaced resource with its kind and the verbs create, get, list, watch, ' +
    'update, patch and delete, plus its status subresource, and /openapi/v3 lists apis/<group>/<version>.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.OpenAPIv3],
  source: [
    'kcp: test/e2e/apibinding/apibinding_test.go',
    'kcp: pkg/server/aggregatingcrdversiondiscovery/server.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { consumer } = await boundSetup(ctx);
    const apis = expectStatusCode(
      await consumer.client.get<{ groups?: { name: string; versions?: { version: string }[] }[] }>('/apis'),
      200,
    );
    const group = apis.groups?.find((entry) => entry.name === GROUP);
    expect(group, `${GROUP} in /apis`).to.be.an('object');
    expect(group!.versions?.map((v) => v.version)).to.include(VERSION);

    const resources = await discoveredResources(consumer.client);
    const resource = resources.find((entry) => entry.name === PLURAL);
    expect(resource, `${PLURAL} in /apis/${GROUP}/${VERSION}`).to.be.an('object');
    expect(resource).to.include({ namespaced: true, kind: KIND });
    expect(resource!.verbs).to.include.members([
      'create',
      'get',
      'list',
      'watch',
      'update',
      'patch',
      'delete',
    ]);
    expect(resources.map((entry) => entry.name)).to.include(`${PLURAL}/status`);

    await ctx.eventually(
      async () => {
        expect(await openapiPaths(consumer.client), 'paths of /openapi/v3 in the consumer').to.include(
          `apis/${GROUP}/${VERSION}`,
        );
      },
      { description: `/openapi/v3 of the consumer lists apis/${GROUP}/${VERSION}` },
    );
  },
};
