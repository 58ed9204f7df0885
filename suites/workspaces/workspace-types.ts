// Shared steps of the WorkspaceType tests: create a type in a workspace and wait until it is
// usable, as kcp's e2e test does before referring to it; create a workspace of it; find the
// lifecycle virtual workspace URLs it publishes.
import { expect } from 'chai';
import { joinPath } from '../framework/cluster-paths.js';
import type { TestContext } from '../framework/conformance-test.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { ownWorkspace } from '../framework/workspace-checks.js';
import { ACCESS_RULE, bindClusterRole, createClusterRole, userSubject } from '../rbac-scoping/rbac.js';
import {
  CLUSTER_ANNOTATION,
  findCondition,
  WORKSPACE_TYPES_PATH,
  WORKSPACES_PATH,
  workspaceObject,
  workspaceTypePath,
  type LogicalCluster,
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

/**
 * Creates workspace `name` of `type` in the test's own workspace and returns its path. Retried
 * until accepted: kcp's admission may not see a type it has just made Ready for a moment.
 */
export async function createWorkspaceOfType(
  ctx: TestContext,
  name: string,
  type: WorkspaceTypeReference,
): Promise<string> {
  await ctx.eventually(
    async () => {
      const response = await ctx.client.post(WORKSPACES_PATH, workspaceObject(name, type));
      expect(response.status, describeResponse(response)).to.equal(201);
    },
    { timeoutMs: ctx.timeouts.workspaceReady, description: `create workspace ${name} of type ${type.name}` },
  );
  return joinPath(ownWorkspace(ctx).path, name);
}

interface PublishedURLs {
  virtualWorkspaces?: { type?: string; url: string }[];
}

/**
 * Waits for the type to publish its `initializing` or `terminating` virtual workspace URL in
 * status.virtualWorkspaces, ending in /services/<kind>workspaces/<type cluster>:<type name>.
 */
export async function publishedVirtualWorkspaceURL(
  ctx: TestContext,
  client: ClusterClient,
  type: WorkspaceTypeReference,
  kind: 'initializing' | 'terminating',
): Promise<string> {
  const suffix = `/services/${kind}workspaces/${type.path}:${type.name}`;
  return ctx.eventually(
    async () => {
      const current = expectStatusCode(await client.get<WorkspaceType>(workspaceTypePath(type.name)), 200);
      const entry = ((current.status as PublishedURLs | undefined)?.virtualWorkspaces ?? []).find(
        (vw) => vw.type === kind,
      );
      expect(entry?.url, `the ${kind} virtual workspace URL`).to.be.a('string');
      expect(entry!.url.endsWith(suffix), `${entry!.url} ends with ${suffix}`).to.equal(true);
      return entry!.url;
    },
    { description: `WorkspaceType ${type.name} publishes its ${kind} virtual workspace` },
  );
}

export const LOGICAL_CLUSTERS = '/apis/core.kcp.io/v1alpha1/logicalclusters';

/**
 * Lets user act as the type's initializer or terminator: `verb` on the WorkspaceType, checked in
 * the type's workspace through the server's authorizer, which (on kcp too) first asks for access
 * to that workspace.
 */
export async function grantOnType(
  ctx: TestContext,
  type: WorkspaceTypeReference,
  verb: 'initialize' | 'terminate',
  user: string,
): Promise<void> {
  const role = ctx.uniqueName(`kh-${verb}`);
  await createClusterRole(ctx.client, role, [
    ACCESS_RULE,
    {
      verbs: [verb],
      apiGroups: ['tenancy.kcp.io'],
      resources: ['workspacetypes'],
      resourceNames: [type.name],
    },
  ]);
  await bindClusterRole(ctx.client, role, role, [userSubject(user)]);
}

/**
 * Takes the initializer out of status.initializers through its view of one cluster (`view`: a
 * client at .../clusters/<name>), retrying on conflicts with the server's own writes.
 */
export async function removeOwnInitializer(
  ctx: TestContext,
  view: ClusterClient,
  initializer: string,
): Promise<void> {
  const path = `${LOGICAL_CLUSTERS}/cluster`;
  await ctx.eventually(
    async () => {
      const latest = expectStatusCode(await view.get<LogicalCluster>(path), 200);
      const initializers = (latest.status?.initializers ?? []).filter((i) => i !== initializer);
      const answer = await view.put(`${path}/status`, {
        ...latest,
        status: { ...latest.status, initializers },
      });
      expect(answer.status, describeResponse(answer)).to.equal(200);
    },
    { description: `remove ${initializer} through the virtual workspace` },
  );
}
