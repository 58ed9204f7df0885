// Creates workspaces under one bench parent and keeps the measurements: the engine of the
// workspace-creation scenario, reused by memory-per-workspace to grow a parent step by step.
// Every parent in use has one readiness watch; a tree's children start once their parent is
// usable (Ready and answering).
import { clusterUrl } from '../../suites/framework/cluster-paths.js';
import { createLatencyRecorder, type LatencyRecorder } from '../framework/histogram.js';
import { runClosedLoop, runOpenLoop } from '../framework/load.js';
import type { BenchTarget } from '../framework/scenario.js';
import {
  createBenchParent,
  deleteBenchParent,
  type BenchParent,
  type ParentDeletion,
} from './bench-parent.js';
import { createOne, type CreateOutcome } from './create-one.js';
import type { PlannedWorkspace } from './plan.js';
import { watchReadiness, type ReadinessWatch } from './readiness-watch.js';

export interface CreatorOptions {
  target: BenchTarget;
  readyTimeoutMs: number;
  firstRequestIntervalMs: number;
  signal: AbortSignal;
  /** Counts one error under a key such as "create 503". */
  onError(key: string): void;
  /** After each workspace, whatever its outcome (for progress). */
  onOutcome?(outcome: CreateOutcome): void;
}

export interface CreatorStats {
  ready: number;
  failed: number;
  aborted: number;
  /** performance.now() of the first start and of the last workspace done, for throughput. */
  firstStart?: number;
  lastDone?: number;
}

export interface WorkspaceCreator {
  readonly parent: BenchParent;
  readonly createToReady: LatencyRecorder;
  readonly createToFirstRequest: LatencyRecorder;
  /** [workspaces ready so far, that workspace's create→Ready ms], in completion order. */
  readonly readyByCount: [number, number][];
  readonly stats: CreatorStats;
  /** Closed loop: `concurrency` in flight; a workspace's children are queued once it is usable. */
  runClosed(plan: readonly PlannedWorkspace[], concurrency: number): Promise<void>;
  /** Open loop over a flat plan: `rate` starts per second, latencies from the scheduled start. */
  runOpen(plan: readonly PlannedWorkspace[], rate: number): Promise<void>;
  /** Ready workspaces per second from the first start to the last done; undefined before any. */
  throughput(): number | undefined;
  /**
   * Closes the watches and, unless keep, deletes the parent (and so everything under it),
   * waiting for it to be gone unless the run was interrupted.
   */
  close(keep: boolean): Promise<ParentDeletion | undefined>;
}

export async function openWorkspaceCreator(options: CreatorOptions): Promise<WorkspaceCreator> {
  const { target, signal } = options;
  const parent = await createBenchParent(target.root, target.server, options.readyTimeoutMs, signal);
  const watches = new Map<string, ReadinessWatch>();
  const closeWatches = (): void => {
    for (const watch of watches.values()) watch.close();
    watches.clear();
  };
  try {
    watches.set(parent.path, await watchReadiness(parent.client, signal));
  } catch (error) {
    await deleteBenchParent(target.root, parent.name, options.readyTimeoutMs);
    throw error;
  }

  const createToReady = createLatencyRecorder();
  const createToFirstRequest = createLatencyRecorder();
  const readyByCount: [number, number][] = [];
  const stats: CreatorStats = { ready: 0, failed: 0, aborted: 0 };

  /** Creates one planned workspace; returns whether it became usable. */
  const create = async (node: PlannedWorkspace, startedAt: number): Promise<boolean> => {
    const parentPath = [parent.path, ...node.segments.slice(0, -1)].join(':');
    const name = node.segments[node.segments.length - 1] ?? '';
    const path = `${parentPath}:${name}`;
    const watch = watches.get(parentPath);
    stats.firstStart = Math.min(stats.firstStart ?? startedAt, startedAt);
    let outcome: CreateOutcome;
    if (watch) {
      outcome = await createOne({
        parent: target.root.at(clusterUrl(target.server, parentPath)),
        watch,
        own: target.root.at(clusterUrl(target.server, path)),
        name,
        path,
        startedAt,
        readyTimeoutMs: options.readyTimeoutMs,
        firstRequestIntervalMs: options.firstRequestIntervalMs,
        signal,
        onError: options.onError,
      });
    } else {
      // Cannot happen with the drivers below (a parent's watch opens before its children queue).
      options.onError('no parent watch');
      outcome = {
        kind: 'failed',
        path,
        error: 'no parent watch',
        message: `no readiness watch on ${parentPath}`,
      };
    }
    if (outcome.kind === 'ready') {
      stats.ready += 1;
      stats.lastDone = Math.max(stats.lastDone ?? outcome.doneAt, outcome.doneAt);
      createToReady.record(outcome.createToReadyMs);
      createToFirstRequest.record(outcome.createToFirstRequestMs);
      readyByCount.push([stats.ready, Math.round(outcome.createToReadyMs * 1000) / 1000]);
    } else if (outcome.kind === 'failed') {
      stats.failed += 1;
    } else {
      stats.aborted += 1;
    }
    options.onOutcome?.(outcome);
    return outcome.kind === 'ready';
  };

  return {
    parent,
    createToReady,
    createToFirstRequest,
    readyByCount,
    stats,
    async runClosed(plan, concurrency) {
      await runClosedLoop(
        plan,
        concurrency,
        async (node, enqueue) => {
          const usable = await create(node, performance.now());
          if (!usable || node.children.length === 0 || signal.aborted) return;
          // Children need their parent's watch before the first of them is created.
          const path = [parent.path, ...node.segments].join(':');
          try {
            watches.set(path, await watchReadiness(target.root.at(clusterUrl(target.server, path)), signal));
          } catch {
            if (!signal.aborted) options.onError('watch');
            return;
          }
          for (const child of node.children) enqueue(child);
        },
        signal,
      );
    },
    async runOpen(plan, rate) {
      await runOpenLoop(
        plan.length,
        rate,
        async (index, scheduledAt) => {
          const node = plan[index];
          if (node) await create(node, scheduledAt);
        },
        { signal },
      );
    },
    throughput() {
      const { firstStart, lastDone, ready } = stats;
      if (firstStart === undefined || lastDone === undefined || lastDone <= firstStart) return undefined;
      return ready / ((lastDone - firstStart) / 1000);
    },
    async close(keep) {
      closeWatches();
      if (keep) return undefined;
      return deleteBenchParent(target.root, parent.name, signal.aborted ? 0 : options.readyTimeoutMs);
    },
  };
}
