// The short scale run of `npm start`: workspace creation (200 workspaces, concurrency 16) and
// memory per workspace (steps 0, 250, 500, 1000) against a fresh reference server each, written
// to reports/latest/ as result JSON and rendered into reports/latest/scale/. Small enough for a
// laptop in well under a minute; `kcp-harness bench` runs the full-size scenarios.

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

export async function runShortScale(
  reportDir: string,
  signal: AbortSignal,
): Promise<{ html: string; partial: boolean }> {
  const runs = [
    withParameters(workspaceCreation, creationParameters({ count: 200, concurrency: 16 })),
    withParameters(memoryPerWorkspace, memoryParameters({ steps: [0, 250, 500, 1000], concurrency: 16 })),
  ];
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
