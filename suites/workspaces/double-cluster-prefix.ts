import { expect } from 'chai';
import { serverOf } from '../framework/cluster-paths.js';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse } from '../framework/kube.js';
import { LOGICAL_CLUSTER_PATH } from '../framework/tenancy.js';
import { ownWorkspace } from '../framework/workspace-checks.js';
import { AREA } from './area.js';

export const doubleClusterPrefix: ConformanceTest = {
  id: `${AREA}/double-cluster-prefix-not-found`,
  area: AREA,
  description:
    'A URL that carries the /clusters/<path> prefix twice or three times MUST answer 404, while the same ' +
    'request with one prefix answers 200.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: ['kcp: test/e2e/server/url_test.go', 'kcp: pkg/server/filters/filters.go'],
  async run(ctx) {
    const prefix = `/clusters/${ownWorkspace(ctx).path}`;
    const server = ctx.client.at(serverOf(ctx.client.baseUrl));
    const status = `${LOGICAL_CLUSTER_PATH}/status`;
    for (const [path, code] of [
      [`${prefix}${status}`, 200],
      [`${prefix}${prefix}${status}`, 404],
      [`${prefix}${prefix}${prefix}${status}`, 404],
    ] as const) {
      const response = await server.get(path);
      expect(response.status, describeResponse(response)).to.equal(code);
    }
  },
};
