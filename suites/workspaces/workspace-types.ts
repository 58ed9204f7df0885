// Shared steps of the WorkspaceType tests: create a type in a workspace and wait until it is
// usable, as kcp's e2e test does before referring to it.
import { expect } from 'chai';
import type { TestContext } from '../framework/conformance-test.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import {
  CLUSTER_ANNOTATION,
  findCondition,
  WORKSPACE_TYPES_PATH,
  workspaceTypePath,
  type WorkspaceType,
  type WorkspaceTypeReference,
} from '../framework/tenancy.js';

/**
 * Creates WorkspaceType `name` through client, waits for its Ready condition, and returns the
 * reference new workspaces use: the type's name and, as path, the logical cluster NAME it lives
 * in (its kcp.io/cluster annotation; kcp's e2e uses logicalcluster.From(wt)).
 */
export async function createUsableType(
  ctx: TestContext,
  client: ClusterClient,
  name: string,
  spec: WorkspaceType['spec'] = {},
): Promise<WorkspaceTypeReference> {
  const created = expectStatusCode(
    await client.post<WorkspaceType>(WORKSPACE_TYPES_PATH, {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'WorkspaceType',
      metadata: { name },
      spec,
    }),
    201,
  );
  const cluster = created.metadata.annotations?.[CLUSTER_ANNOTATION];
  expect(cluster, `${CLUSTER_ANNOTATION} of the created WorkspaceType`).to.be.a('string').and.not.equal('');
  await ctx.eventually(
    async () => {
      const response = await client.get<WorkspaceType>(workspaceTypePath(name));
      expect(response.status, describeResponse(response)).to.equal(200);
      expect(findCondition(response.body, 'Ready')?.status, 'WorkspaceType condition Ready').to.equal('True');
    },
    { timeoutMs: ctx.timeouts.workspaceReady, description: `WorkspaceType ${name} Ready` },
  );
  return { name, path: cluster };
}
