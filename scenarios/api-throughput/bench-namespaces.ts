// Units that are namespaces, for a target without workspaces (plain Kubernetes) or a run asked
// to use them (--tenancy namespaces): K namespaces kh-bench-<id>-0..K-1 in one cluster, labelled
// with the run so leftovers can be found (kubectl delete ns -l kcp-harness.io/run=kh-bench-<id>).
// Namespace deletion is graceful (Terminating until the namespace controller has emptied it),
// so removal asks for every deletion, then waits for them unless the run was interrupted.
import { eventually } from '../../suites/framework/eventually.js';
import { RUN_LABEL } from '../../suites/framework/fixtures/namespace.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { uniqueName } from '../../suites/framework/names.js';
import { runClosedLoop } from '../framework/load.js';
import type { BenchUnits } from './bench-units.js';

const NAMESPACES = '/api/v1/namespaces';
/** Namespaces created or deleted at once. */
const CONCURRENCY = 16;
/** A DELETE after Ctrl-C must not hang on a dead server. */
const DELETE_REQUEST_TIMEOUT_MS = 10_000;
/** Emptying a namespace is the namespace controller's work; this long is waited for it. */
const MAX_GONE_WAIT_MS = 60_000;
const POLL_MS = 250;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** DELETE of every namespace, then (waitMs > 0) a wait until each answers 404. Never throws. */
async function deleteNamespaces(
  host: ClusterClient,
  run: string,
  names: readonly string[],
  waitMs: number,
): Promise<string> {
  const started = performance.now();
  const refused: string[] = [];
  await runClosedLoop(names, CONCURRENCY, async (name) => {
    const status = await host
      .delete(`${NAMESPACES}/${name}`, { timeoutMs: DELETE_REQUEST_TIMEOUT_MS })
      .then((response) => response.status)
      .catch((error: unknown) => message(error));
    if (status !== 200 && status !== 202 && status !== 404) refused.push(`${name}: ${status}`);
  });
  const what = `${names.length} namespace${names.length === 1 ? '' : 's'} ${run}-*`;
  if (refused.length > 0)
    return `deleting ${what} failed for ${refused.length}: ${refused.slice(0, 3).join('; ')}`;
  if (waitMs <= 0) return `deletion of ${what} requested (not waited for: interrupted)`;
  let left = [...names];
  try {
    await eventually(
      async () => {
        const still = await Promise.all(
          left.map(async (name) =>
            (await host.get(`${NAMESPACES}/${name}`)).status === 404 ? undefined : name,
          ),
        );
        left = still.filter((name): name is string => name !== undefined);
        if (left.length > 0) throw new Error(`${left.length} still there`);
      },
      {
        timeoutMs: waitMs,
        intervalMs: POLL_MS,
        consecutive: 1,
        description: `namespaces ${run}-* gone`,
      },
    );
  } catch {
    return `deletion of ${what} requested; ${left.length} still Terminating after ${Math.round(waitMs / 1000)} s (the server finishes it)`;
  }
  return `deleted ${what} (gone after ${Math.round(performance.now() - started)} ms)`;
}

/** host: the cluster the namespaces go in (BenchTarget.namespaceHost). */
export async function createBenchNamespaces(
  host: ClusterClient,
  count: number,
  signal: AbortSignal,
  readyTimeoutMs: number,
): Promise<BenchUnits> {
  const run = uniqueName('kh-bench');
  const names = Array.from({ length: count }, (_, index) => `${run}-${index}`);
  const created: string[] = [];
  const remove = (): Promise<string> =>
    deleteNamespaces(host, run, created, signal.aborted ? 0 : Math.min(readyTimeoutMs, MAX_GONE_WAIT_MS));
  try {
    let failure: string | undefined;
    await runClosedLoop(
      names,
      CONCURRENCY,
      async (name) => {
        const body = {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, labels: { [RUN_LABEL]: run } },
        };
        const response = await host.post(NAMESPACES, body, { signal });
        if (response.status === 201) created.push(name);
        else
          failure ??= `creating namespace ${name} in ${host.baseUrl}: HTTP ${response.status} ${response.text.slice(0, 300)}`;
      },
      signal,
    );
    signal.throwIfAborted();
    if (failure !== undefined) throw new Error(failure);
  } catch (error) {
    // Do not leave half the namespaces behind.
    await remove();
    throw error;
  }
  return {
    tenancy: 'namespaces',
    location: `namespaces ${run}-0…${count - 1} (label ${RUN_LABEL}=${run}) in ${host.baseUrl}`,
    units: names.map((name) => ({ name, describe: `namespace ${name}`, client: host, namespace: name })),
    remove,
  };
}
