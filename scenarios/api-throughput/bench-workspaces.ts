// Units that are workspaces: the run's bench parent root:kh-bench-<id> (made and deleted by
// workspace-creation's bench-parent.ts) and K children w-0..w-(K-1) below it, each unit's
// objects in its namespace `default`. Deleting the parent deletes the whole subtree, so one
// request cleans up everything, also what an interrupted run left.
import { createReadyWorkspace } from '../../suites/framework/fixtures/workspaces.js';
import type { BenchTarget } from '../framework/scenario.js';
import { createBenchParent, deleteBenchParent } from '../workspace-creation/bench-parent.js';
import { DEFAULT_READY_TIMEOUT_MS } from '../workspace-creation/parameters.js';
import type { BenchUnits } from './bench-units.js';
import { BENCH_NAMESPACE } from './operations.js';

export async function createBenchWorkspaces(
  target: BenchTarget,
  count: number,
  signal: AbortSignal,
  readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS,
): Promise<BenchUnits> {
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
      tenancy: 'workspaces',
      location: `workspaces under ${parent.path}`,
      units: workspaces.map(({ name, path, client }) => ({
        name,
        describe: path,
        client,
        namespace: BENCH_NAMESPACE,
      })),
      remove,
    };
  } catch (error) {
    // Do not leave a half-built tree behind.
    await remove();
    throw error;
  }
}
