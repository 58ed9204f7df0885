import { expect } from 'chai';
import { joinPath } from '../framework/cluster-paths.js';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectFailureStatus } from '../framework/kube.js';
import { WORKSPACES_PATH, workspaceObject, type Workspace } from '../framework/tenancy.js';
import { ownWorkspace, waitForPhase } from '../framework/workspace-checks.js';
import { AREA } from './area.js';
import { createUsableType } from './workspace-types.js';

export const typeMustExist: ConformanceTest = {
  id: `${AREA}/type-must-exist`,
  area: AREA,
  description:
    'Creating a Workspace of a WorkspaceType that does not exist MUST fail with 403 Forbidden; once the ' +
    'WorkspaceType is created (and Ready) in the parent, the same create MUST succeed, keep the given ' +
    'spec.type, and the workspace MUST become Ready when the type has no initializer.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.WorkspaceTypes],
  source: [
    'kcp: test/e2e/workspacetype/controller_test.go',
    'kcp: pkg/admission/workspacetypeexists/admission.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const { client } = ctx;
    const own = ownWorkspace(ctx);
    const typeName = ctx.uniqueName('kh-type');
    const name = ctx.uniqueName('kh-typed');

    // Neither in root (as the e2e test asks) nor in the parent itself does the type exist yet.
    for (const path of ['root', own.clusterName]) {
      const refused = await client.post(WORKSPACES_PATH, workspaceObject(name, { name: typeName, path }));
      expectFailureStatus(refused, 403, 'Forbidden');
    }

    const type = await createUsableType(ctx, client, typeName);
    expect(type.path, 'the type lives in the parent workspace').to.equal(own.clusterName);

    // Admission reads types from an informer cache that may lag: retry as the e2e test does.
    const created = await ctx.eventually(
      async () => {
        const response = await client.post<Workspace>(WORKSPACES_PATH, workspaceObject(name, type));
        expect(response.status, describeResponse(response)).to.equal(201);
        return response.body;
      },
      { timeoutMs: ctx.timeouts.workspaceReady, description: `create workspace ${name} of type ${typeName}` },
    );
    expect(created.spec?.type, 'spec.type').to.deep.equal(type);
    const ready = await waitForPhase(ctx, joinPath(own.path, name), 'Ready');
    expect(ready.spec?.type, 'spec.type once Ready').to.deep.equal(type);
  },
};
