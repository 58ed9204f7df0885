// Small steps the workspace and isolation suites share: finding the test's workspace, reading
// Workspace and LogicalCluster objects, and waiting for lifecycle transitions with the
// workspaceReady deadline (kcp's e2e helpers allow up to 120 s for these).
import { expect } from 'chai';
import { splitPath } from './cluster-paths.js';
import type { TestContext } from './conformance-test.js';
import type { ClusterClient } from './http/client.js';
import { describeResponse, expectStatusCode } from './kube.js';
import {
  LOGICAL_CLUSTER_PATH,
  workspacePath,
  type LogicalCluster,
  type Workspace,
  type WorkspaceRef,
} from './tenancy.js';

/** The test's own workspace; tests that call this list the Workspaces feature. */
export function ownWorkspace(ctx: TestContext): WorkspaceRef {
  if (!ctx.workspace) throw new Error('this test needs its own workspace (feature Workspaces)');
  return ctx.workspace;
}

/** A client for the workspace that contains the workspace at path. */
export function parentClient(ctx: TestContext, path: string): ClusterClient {
  const { parent } = splitPath(path);
  if (parent === undefined) throw new Error(`${path} has no parent workspace`);
  return ctx.client.at(ctx.clusterUrl(parent));
}

/** GET the Workspace object at path from its parent; asserts 200. */
export async function readWorkspace(ctx: TestContext, path: string): Promise<Workspace> {
  const { name } = splitPath(path);
  return expectStatusCode(await parentClient(ctx, path).get<Workspace>(workspacePath(name)), 200);
}

/** GET the LogicalCluster of the workspace a client addresses; asserts 200. */
export async function readLogicalCluster(client: ClusterClient): Promise<LogicalCluster> {
  return expectStatusCode(await client.get<LogicalCluster>(LOGICAL_CLUSTER_PATH), 200);
}

/** Polls the Workspace at path until its phase is `phase`; returns it. */
export function waitForPhase(ctx: TestContext, path: string, phase: string): Promise<Workspace> {
  const { name } = splitPath(path);
  const parent = parentClient(ctx, path);
  return ctx.eventually(
    async () => {
      const response = await parent.get<Workspace>(workspacePath(name));
      expect(response.status, describeResponse(response)).to.equal(200);
      expect(response.body.status?.phase, `phase of workspace ${path}`).to.equal(phase);
      return response.body;
    },
    { timeoutMs: ctx.timeouts.workspaceReady, description: `workspace ${path} in phase ${phase}` },
  );
}

/** Polls until GET of the Workspace at path answers 404. */
/**
 * Waits until the Workspace at path is gone. kcp deletes nested workspaces before their parent,
 * one level at a time, so `levels` (the depth of the tree below and including path) scales the wait:
 * a three-level tree took 159 s on a loaded kcp v0.32, past one workspaceReady.
 */
export async function waitUntilGone(ctx: TestContext, path: string, levels = 1): Promise<void> {
  const { name } = splitPath(path);
  const parent = parentClient(ctx, path);
  await ctx.eventually(
    async () => {
      const response = await parent.get(workspacePath(name));
      expect(response.status, describeResponse(response)).to.equal(404);
    },
    { timeoutMs: levels * ctx.timeouts.workspaceReady, description: `workspace ${path} gone (GET 404)` },
  );
}

/** Deletes the Workspace at path from its parent; asserts the request was accepted. */
export async function deleteWorkspaceAt(ctx: TestContext, path: string): Promise<void> {
  const { name } = splitPath(path);
  const response = await parentClient(ctx, path).delete(workspacePath(name));
  expect([200, 202], describeResponse(response)).to.include(response.status);
}
