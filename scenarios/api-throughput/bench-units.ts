// The units a scenario spreads its load over: K workspaces below one bench parent where the
// target serves workspaces (bench-workspaces.ts), else K namespaces of one cluster
// (bench-namespaces.ts), as the run's tenancy says. Either way a unit is a client and a namespace
// to put ConfigMaps in, so the scenarios do not care which it is. Shared by api-throughput,
// watch-latency and authorization.
import type { ClusterClient } from '../../suites/framework/http/client.js';
import type { Tenancy } from '../framework/result.js';
import type { BenchContext } from '../framework/scenario.js';
import { DEFAULT_READY_TIMEOUT_MS } from '../workspace-creation/parameters.js';
import { createBenchNamespaces } from './bench-namespaces.js';
import { createBenchWorkspaces } from './bench-workspaces.js';

export interface BenchUnit {
  /** Unique within the run: the workspace's name (w-0) or the namespace's. */
  name: string;
  /** For people: the workspace path, or `namespace <name>`. */
  describe: string;
  /** A client addressed at the workspace, or at the cluster holding the namespace. */
  client: ClusterClient;
  /** Where the unit's objects go: `default` in a workspace, the unit itself otherwise. */
  namespace: string;
}

export interface BenchUnits {
  tenancy: Tenancy;
  /** Where the units are, for the notes: `workspaces under root:kh-bench-x1y2z`, or the namespaces and their cluster. */
  location: string;
  units: BenchUnit[];
  /** Deletes every unit (waits until gone unless interrupted); returns a line for the notes. Never throws. */
  remove(): Promise<string>;
}

export function createBenchUnits(
  ctx: BenchContext,
  count: number,
  readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS,
): Promise<BenchUnits> {
  return ctx.tenancy.mode === 'workspaces'
    ? createBenchWorkspaces(ctx.target, count, ctx.signal, readyTimeoutMs)
    : createBenchNamespaces(ctx.target.namespaceHost, count, ctx.signal, readyTimeoutMs);
}

/** The unit's ConfigMaps, relative to its client's base URL. */
export function configMapsPath(unit: Pick<BenchUnit, 'namespace'>): string {
  return `/api/v1/namespaces/${unit.namespace}/configmaps`;
}

/**
 * A path relative to a client's base URL as a path from the server's root, for drivers that
 * open their own connections to the server (autocannon): /clusters/<path>/... for a workspace,
 * the path as it is (after any prefix of the kubeconfig's server URL) for a plain cluster.
 */
export function serverPath(baseUrl: string, relative: string): string {
  return `${new URL(baseUrl).pathname.replace(/\/+$/, '')}${relative}`;
}

/** The unit's ConfigMaps as a path from the server's root (operations.ts requestFor). */
export function collectionOf(unit: Pick<BenchUnit, 'client' | 'namespace'>): string {
  return serverPath(unit.client.baseUrl, configMapsPath(unit));
}
