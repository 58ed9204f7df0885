// The workspace a run creates everything under (root:kh-bench-<id>): one DELETE of it removes
// all the run made, also after Ctrl-C. Creating it is set-up, not measured; deleting it is
// measured (DELETE → the Workspace answers 404).
import { clusterUrl, joinPath } from '../../suites/framework/cluster-paths.js';
import { eventually } from '../../suites/framework/eventually.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { uniqueName } from '../../suites/framework/names.js';
import {
  WORKSPACES_PATH,
  workspaceObject,
  workspacePath,
  type Workspace,
} from '../../suites/framework/tenancy.js';

const POLL_MS = 100;
/** A DELETE after Ctrl-C must not hang on a dead server. */
const DELETE_REQUEST_TIMEOUT_MS = 10_000;

export interface BenchParent {
  name: string;
  /** e.g. root:kh-bench-x1y2z */
  path: string;
  /** A client for the parent workspace itself. */
  client: ClusterClient;
}

export interface ParentDeletion {
  /** HTTP status of the DELETE; 0 when it got no answer. */
  status: number;
  /** DELETE → GET of the Workspace answers 404, when waited for and it happened in time. */
  goneMs?: number;
  /** Why the deletion failed or was not confirmed. */
  error?: string;
}

/** root: a client at <server>/clusters/root. */
export async function createBenchParent(
  root: ClusterClient,
  server: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<BenchParent> {
  const name = uniqueName('kh-bench');
  const path = joinPath('root', name);
  const response = await root.post<Workspace>(WORKSPACES_PATH, workspaceObject(name), { signal });
  if (response.status !== 201) {
    throw new Error(`creating ${path}: HTTP ${response.status} ${response.text.slice(0, 300)}`);
  }
  const client = root.at(clusterUrl(server, path));
  await eventually(
    async () => {
      const workspace = await root.get<Workspace>(workspacePath(name), { signal });
      if (workspace.body?.status?.phase !== 'Ready')
        throw new Error(`phase ${workspace.body?.status?.phase ?? 'unset'}`);
      const own = await client.get('/api/v1/namespaces/default', { signal });
      if (own.status !== 200) throw new Error(`${path} answers ${own.status}`);
    },
    {
      timeoutMs,
      intervalMs: POLL_MS,
      consecutive: 1,
      signal,
      description: `bench parent ${path} Ready and reachable`,
    },
  );
  return { name, path, client };
}

/**
 * DELETE the parent and, when waitMs > 0, wait that long for it to answer 404. Never throws:
 * this runs in clean-up, also after Ctrl-C, when the run's own signal has already fired (and
 * then the caller does not wait: a user who pressed Ctrl-C wants the DELETE sent, not timed).
 */
export async function deleteBenchParent(
  root: ClusterClient,
  name: string,
  waitMs: number,
): Promise<ParentDeletion> {
  const started = performance.now();
  let status = 0;
  try {
    status = (await root.delete(workspacePath(name), { timeoutMs: DELETE_REQUEST_TIMEOUT_MS })).status;
    if (status === 404) return { status, goneMs: performance.now() - started };
    if (status !== 200 && status !== 202) return { status, error: `DELETE answered ${status}` };
    if (waitMs <= 0) return { status };
    return await eventually(
      async () => {
        const response = await root.get(workspacePath(name));
        if (response.status !== 404) throw new Error(`still there (HTTP ${response.status})`);
        return { status, goneMs: performance.now() - started };
      },
      { timeoutMs: waitMs, intervalMs: POLL_MS, consecutive: 1, description: `workspace root:${name} gone` },
    );
  } catch (error) {
    return { status, error: error instanceof Error ? error.message : String(error) };
  }
}
