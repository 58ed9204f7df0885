// The short scale run of `npm start`: workspace creation (100 workspaces, 16 at once, then the
// parent deleted and timed) and memory per workspace (RSS at 0, 100, 200 and 400 workspaces, 16
// created at once) against a fresh reference server each, written to reports/latest/ as result
// JSON and rendered into reports/latest/scale/. Sized so that `npm start` as a whole stays under
// a minute on a 2-core machine (README); `kcp-harness bench` runs the full-size scenarios.
// Measured on such a machine: the 1000 workspaces of the full memory run took 41 s to create and
// 27 s to delete, most of the time of the old short run.

import { resolve } from 'node:path';
import { buildScaleReport } from '../reports/scale/report.js';
import { writeScaleReport } from '../reports/scale/write.js';
import { createProgress } from '../scenarios/framework/progress.js';
import { withParameters } from '../scenarios/framework/registry.js';
import { runBench } from '../scenarios/framework/run-bench.js';
import { resolveParameters as memoryParameters } from '../scenarios/memory-per-workspace/parameters.js';
import { memoryPerWorkspace } from '../scenarios/memory-per-workspace/scenario.js';
import { resolveParameters as creationParameters } from '../scenarios/workspace-creation/parameters.js';
import { workspaceCreation } from '../scenarios/workspace-creation/scenario.js';

const creation = creationParameters({ count: 100, concurrency: 16 });
// Deleting the grown parent is not what this scenario measures, and its server is discarded
// right after (the reference target removes its directory), so the workspaces are left in place.
const memory = memoryParameters({ steps: [0, 100, 200, 400], concurrency: 16, keep: true });

/** One line per scenario with the parameters it runs with, for the console. */
export const SHORT_SCALE_PARAMETERS = [
  `workspace creation: ${creation.count} workspaces, ${creation.concurrency} at once, then the parent deleted`,
  `memory per workspace: RSS at ${memory.steps.join(', ')} workspaces, ${memory.concurrency} created at once, ` +
    `each sample once ${memory.settle.consecutive} readings ${memory.settle.intervalMs} ms apart agree within ` +
    `${memory.settle.tolerance * 100}% (at most ${memory.settle.maxMs / 1000} s)`,
];

export async function runShortScale(
  reportDir: string,
  signal: AbortSignal,
): Promise<{ html: string; partial: boolean }> {
  const runs = [withParameters(workspaceCreation, creation), withParameters(memoryPerWorkspace, memory)];
  const loaded = [];
  for (const prepared of runs) {
    if (signal.aborted) break;
    const { result, path } = await runBench(prepared, {
      target: { kind: 'reference' },
      label: 'reference',
      out: resolve(reportDir, `${prepared.name}.json`),
      signal,
      progress: createProgress(),
    });
    loaded.push({ file: path ?? '', result });
  }
  const written = await writeScaleReport(resolve(reportDir, 'scale'), await buildScaleReport(loaded));
  return { html: written.html, partial: signal.aborted || loaded.some((l) => l.result.partial) };
}
