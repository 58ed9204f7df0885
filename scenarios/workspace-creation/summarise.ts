// The numbers both workspace scenarios report from a creator: latency summaries and their
// percentiles as metrics, counts, throughput, and the timed deletion of the parent.
import type { LatencyRecorder } from '../framework/histogram.js';
import type { ResultBuilder } from '../framework/result-builder.js';
import type { WorkspaceCreator } from './creator.js';

const PERCENTILES = ['p50', 'p90', 'p99', 'max'] as const;

/** createToReady.p50 … .max as metrics, from the latency summary. */
export function latencyMetrics(result: ResultBuilder, name: string, recorder: LatencyRecorder): void {
  const summary = recorder.summary();
  result.latency(name, summary);
  if (summary.count === 0) return;
  const values = { p50: summary.p50Ms, p90: summary.p90Ms, p99: summary.p99Ms, max: summary.maxMs };
  for (const key of PERCENTILES) result.metric(`${name}.${key}`, values[key], 'ms', 'lower');
}

/** The closing part both workspace scenarios share: counts, throughput, deletion. */
export async function finishCreator(
  result: ResultBuilder,
  creator: WorkspaceCreator,
  planned: number,
  keep: boolean,
): Promise<void> {
  const { stats } = creator;
  latencyMetrics(result, 'createToReady', creator.createToReady);
  latencyMetrics(result, 'createToFirstRequest', creator.createToFirstRequest);
  result.metric('workspacesReady', stats.ready, 'workspaces', 'higher');
  const throughput = creator.throughput();
  if (throughput !== undefined) result.metric('workspacesPerSecond', throughput, 'workspaces/s', 'higher');
  result.series({
    name: 'createToReady vs workspaces',
    xLabel: 'workspaces ready',
    yLabel: 'create → Ready (ms)',
    points: creator.readyByCount,
  });
  const notAttempted = planned - stats.ready - stats.failed - stats.aborted;
  result.note(
    `${stats.ready} of ${planned} workspaces Ready and answering, ${stats.failed} failed` +
      (stats.aborted > 0 ? `, ${stats.aborted} cut short by the interrupt` : '') +
      (notAttempted > 0 ? `, ${notAttempted} not attempted (interrupted, or their parent failed)` : ''),
  );
  result.note(
    'create → Ready: from the start (the scheduled start in open loop) to phase Ready seen on a watch of the ' +
      'parent; create → first request: to GET …/api/v1/namespaces/default answering 200, polled from the moment Ready was seen',
  );
  const deletion = await creator.close(keep);
  if (!deletion) {
    result.note(`kept parent workspace ${creator.parent.path} (--keep)`);
  } else if (deletion.goneMs !== undefined) {
    result.metric('deleteToGone', deletion.goneMs, 'ms', 'lower');
    result.note(
      `deleted parent ${creator.parent.path} with everything under it: DELETE → 404 in ${Math.round(deletion.goneMs)} ms (polled every 100 ms)`,
    );
  } else if (deletion.error === undefined) {
    result.note(
      `deleted parent ${creator.parent.path} (DELETE answered ${deletion.status}; not waited for after the interrupt)`,
    );
  } else {
    result.error(deletion.status === 0 ? 'delete failed' : `delete ${deletion.status}`);
    result.note(`deleting parent ${creator.parent.path} did not finish: ${deletion.error}`);
  }
}
