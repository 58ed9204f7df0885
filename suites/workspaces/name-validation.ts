import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectFailureStatus } from '../framework/kube.js';
import { WORKSPACES_PATH, workspaceObject } from '../framework/tenancy.js';
import { AREA } from './area.js';

/** Each breaks ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ in a different way. */
const INVALID_NAMES = ['Bad_Name', '-leading-dash', 'trailing-dash-', 'has.dot', 'a'.repeat(64)];

export const nameValidation: ConformanceTest = {
  id: `${AREA}/name-validation`,
  area: AREA,
  description:
    'Creating a Workspace whose name does not match ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ (upper case, ' +
    'underscore, dot, leading or trailing dash, more than 63 characters) MUST fail with 422 Invalid.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: [
    'kcp: config/crds/tenancy.kcp.io_workspaces.yaml',
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/tenancy/v1alpha1/types_workspace.go',
  ],
  async run({ client }) {
    for (const name of INVALID_NAMES) {
      expectFailureStatus(await client.post(WORKSPACES_PATH, workspaceObject(name)), 422, 'Invalid');
    }
  },
};
