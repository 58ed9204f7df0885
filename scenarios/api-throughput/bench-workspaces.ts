// The workspaces a scenario measures in: the run's bench parent root:kh-bench-<id> (made and
// deleted by workspace-creation's bench-parent.ts) and K children w-0..w-(K-1) below it.
// Deleting the parent deletes the whole subtree, so one request cleans up everything, also
// what an interrupted run left. Shared by api-throughput and watch-latency.
import { createReadyWorkspace } from '../../suites/framework/fixtures/workspaces.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import type { BenchTarget } from '../framework/scenario.js';
import { createBenchParent, deleteBenchParent } from '../workspace-creation/bench-parent.js';
import { DEFAULT_READY_TIMEOUT_MS } from '../workspace-creation/parameters.js';

export interface BenchWorkspace {
  name: string;
  /** Canonical path, e.g. root:kh-bench-abcde:w-0. */
  path: string;
  /** A client addressed at the workspace by its path. */
  client: ClusterClient;
}

export interface BenchWorkspaces {
  parentPath: string;
  workspaces: BenchWorkspace[];
  /** Deletes the parent (and so everything below) and waits until it is gone; returns a line for the notes. */
  remove(): Promise<string>;
}

export async function createBenchWorkspaces(
  target: BenchTarget,
  count: number,
  signal: AbortSignal,
  readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS,
): Promise<BenchWorkspaces> {
  const parent = await createBenchParent(target.root, target.server, readyTimeoutMs, signal);
  const remove = async (): Promise<string> => {
    const deletion = await deleteBenchParent(target.root, parent.name, readyTimeoutMs);
    return deletion.error
      ? `deleting ${parent.path} failed: ${deletion.error}`
      : `deleted ${parent.path} and its ${count} workspaces (HTTP ${deletion.status}, gone after ${Math.round(deletion.goneMs ?? 0)} ms)`;
  };
  try {
    const workspaces = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        createReadyWorkspace({
          client: target.root,
          server: target.server,
          parentPath: parent.path,
          name: `w-${index}`,
          timeoutMs: readyTimeoutMs,
          signal,
        }),
      ),
    );
    return {
      parentPath: parent.path,
      workspaces: workspaces.map(({ name, path, client }) => ({ name, path, client })),
      remove,
    };
  } catch (error) {
    // Do not leave a half-built tree behind.
    await remove();
    throw error;
  }
}
