// Where crd-footprint puts its CRDs and objects. With workspaces: a workspace `crds` below the
// run's bench parent, objects in its `default`; deleting the parent removes everything. With a
// namespace per unit: the cluster itself, where CRDs are cluster-scoped, so the run's CRDs get
// a group of their own and its label, the objects go in a namespace of the run's, and removal
// deletes the CRDs (the server deletes their objects) and then the namespace.
import { createReadyWorkspace } from '../../suites/framework/fixtures/workspaces.js';
import { RUN_LABEL } from '../../suites/framework/fixtures/namespace.js';
import { eventually } from '../../suites/framework/eventually.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { createBenchNamespaces } from '../api-throughput/bench-namespaces.js';
import { runClosedLoop } from '../framework/load.js';
import type { BenchContext } from '../framework/scenario.js';
import { createBenchParent, deleteBenchParent } from '../workspace-creation/bench-parent.js';
import { DEFAULT_READY_TIMEOUT_MS } from '../workspace-creation/parameters.js';
import { CRDS_PATH } from './establish.js';
import { BENCH_GROUP, crdNames, runGroup } from './manifests.js';

/** A DELETE at clean-up must not hang on a dead server. */
const DELETE_REQUEST_TIMEOUT_MS = 10_000;
const MAX_GONE_WAIT_MS = 60_000;

export interface CrdHome {
  /** A client where the CRDs are created (and, in `namespace`, the objects). */
  client: ClusterClient;
  namespace: string;
  group: string;
  /** Labels for the CRDs, in a cluster shared with others. */
  labels?: Record<string, string>;
  /** The bench parent's path, where per-workspace CRDs can go; undefined with namespaces. */
  parentPath?: string;
  /** For the notes. */
  location: string;
  /**
   * Deletes what the run made; `crds`: how many CRDs (indices 0..crds-1) may exist. Never
   * throws; returns lines for the notes.
   */
  remove(crds: number): Promise<string[]>;
}

async function workspaceHome(ctx: BenchContext): Promise<CrdHome> {
  const parent = await createBenchParent(
    ctx.target.root,
    ctx.target.server,
    DEFAULT_READY_TIMEOUT_MS,
    ctx.signal,
  );
  const remove = async (): Promise<string[]> => {
    const deletion = await deleteBenchParent(ctx.target.root, parent.name, DEFAULT_READY_TIMEOUT_MS);
    return [deletion.error ? `deleting ${parent.path} failed: ${deletion.error}` : `deleted ${parent.path}`];
  };
  try {
    const home = await createReadyWorkspace({
      client: ctx.target.root,
      server: ctx.target.server,
      parentPath: parent.path,
      name: 'crds',
      timeoutMs: DEFAULT_READY_TIMEOUT_MS,
      signal: ctx.signal,
    });
    return {
      client: home.client,
      namespace: 'default',
      group: BENCH_GROUP,
      parentPath: parent.path,
      location: `workspace ${home.path}`,
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** DELETE of each CRD, then (waitMs > 0) a wait until none is listed. */
async function deleteCrds(client: ClusterClient, names: readonly string[], waitMs: number): Promise<string> {
  const refused: string[] = [];
  await runClosedLoop(names, 16, async (name) => {
    const status = await client
      .delete(`${CRDS_PATH}/${name}`, { timeoutMs: DELETE_REQUEST_TIMEOUT_MS })
      .then((response) => response.status)
      .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    if (status !== 200 && status !== 202 && status !== 404) refused.push(`${name}: ${status}`);
  });
  if (refused.length > 0)
    return `deleting the run's CRDs failed for ${refused.length}: ${refused.slice(0, 3).join('; ')}`;
  if (waitMs <= 0)
    return `deletion of the run's ${names.length} CRDs requested (not waited for: interrupted)`;
  const wanted = new Set(names);
  try {
    await eventually(
      async () => {
        const list = await client.get<{ items?: { metadata?: { name?: string } }[] }>(CRDS_PATH);
        const left = (list.body?.items ?? []).filter((crd) => wanted.has(crd.metadata?.name ?? ''));
        if (list.status !== 200 || left.length > 0) throw new Error(`${left.length} left`);
      },
      { timeoutMs: waitMs, intervalMs: 250, consecutive: 1 },
    );
    return `deleted the run's ${names.length} CRDs`;
  } catch {
    return `deletion of the run's ${names.length} CRDs requested, not all gone after ${waitMs / 1000} s (the server finishes it)`;
  }
}

async function namespaceHome(ctx: BenchContext): Promise<CrdHome> {
  const host = ctx.target.namespaceHost;
  const bench = await createBenchNamespaces(host, 1, ctx.signal, DEFAULT_READY_TIMEOUT_MS);
  const namespace = bench.units[0]!.namespace;
  const group = runGroup(namespace);
  return {
    client: host,
    namespace,
    group,
    labels: { [RUN_LABEL]: namespace },
    location: `CRDs of group ${group} (label ${RUN_LABEL}=${namespace}) and namespace ${namespace} in ${host.baseUrl}`,
    async remove(crds) {
      const names = Array.from({ length: crds }, (_, index) => crdNames(index, group).name);
      const waitMs = ctx.signal.aborted ? 0 : MAX_GONE_WAIT_MS;
      return [await deleteCrds(host, names, waitMs), await bench.remove()];
    },
  };
}

export function openCrdHome(ctx: BenchContext): Promise<CrdHome> {
  return ctx.tenancy.mode === 'workspaces' ? workspaceHome(ctx) : namespaceHome(ctx);
}
