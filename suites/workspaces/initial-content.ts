import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { configMapPath, describeResponse, type ConfigMap } from '../framework/kube.js';
import { AREA } from './area.js';

/** Published in every namespace by the root-CA controller that kcp runs per logical cluster. */
const ROOT_CA = 'kube-root-ca.crt';

export const initialContent: ConformanceTest = {
  id: `${AREA}/initial-content`,
  area: AREA,
  description:
    'A new workspace MUST come to contain namespace default with ServiceAccount default, and every ' +
    'namespace (default and any created later) MUST come to contain ConfigMap kube-root-ca.crt with a ' +
    'non-empty key ca.crt.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.Namespaces, Feature.ConfigMaps],
  source: [
    'kcp: test/e2e/reconciler/workspacedeletion/controller_test.go',
    'kcp: test/e2e/authorizer/rootcacertconfigmap_test.go',
    'kcp: test/e2e/authorizer/serviceaccounts_test.go',
    'kcp: config/universal/default-namespace.yaml',
  ],
  async run(ctx) {
    const { client } = ctx;
    const exists = (path: string) => async () => {
      const response = await client.get(path);
      expect(response.status, describeResponse(response)).to.equal(200);
      return response;
    };
    await ctx.eventually(exists('/api/v1/namespaces/default'), { description: 'namespace default exists' });
    await ctx.eventually(exists('/api/v1/namespaces/default/serviceaccounts/default'), {
      description: 'ServiceAccount default/default exists',
    });
    // The test's own namespace was created after the workspace, like the e2e test's namespace.
    for (const namespace of ['default', ctx.namespace]) {
      await ctx.eventually(
        async () => {
          const response = await client.get<ConfigMap>(configMapPath(namespace, ROOT_CA));
          expect(response.status, describeResponse(response)).to.equal(200);
          expect(response.body.data?.['ca.crt'], `${namespace}/${ROOT_CA} data["ca.crt"]`)
            .to.be.a('string')
            .and.not.equal('');
        },
        { description: `ConfigMap ${namespace}/${ROOT_CA} with ca.crt` },
      );
    }
  },
};
