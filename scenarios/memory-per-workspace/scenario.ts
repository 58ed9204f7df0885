// memory-per-workspace: what one more workspace costs the server in resident memory. Workspaces
// are created up to each step (with workspace-creation's creator, under one parent that is
// deleted at the end), RSS is sampled once settled, and bytes per workspace is the
// least-squares slope of RSS over the workspace count.
import { leastSquares, type LinearFit } from '../framework/fit.js';
import { startResult } from '../framework/result-builder.js';
import type { ScenarioResult } from '../framework/result.js';
import { rssSourceFor, settleAndSample } from '../framework/rss.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { openWorkspaceCreator } from '../workspace-creation/creator.js';
import { flatPlan } from '../workspace-creation/plan.js';
import { finishCreator } from '../workspace-creation/summarise.js';
import type { MemoryPerWorkspaceParameters } from './parameters.js';

const MIB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;
const describeFit = (fit: LinearFit): string =>
  `${Math.round(fit.slope)} bytes/workspace (R² ${fit.r2.toFixed(3)}, ${fit.n} points, intercept ${mib(fit.intercept)})`;

async function run(ctx: BenchContext, parameters: MemoryPerWorkspaceParameters): Promise<ScenarioResult> {
  const result = await startResult(ctx, 'memory-per-workspace', { ...parameters });
  const source = await rssSourceFor(ctx.target, ctx.signal);
  result.note(`RSS: ${source.describe}`);
  const last = parameters.steps[parameters.steps.length - 1] ?? 0;
  let done = 0;
  const creator = await openWorkspaceCreator({
    target: ctx.target,
    readyTimeoutMs: parameters.readyTimeoutMs,
    firstRequestIntervalMs: parameters.firstRequestIntervalMs,
    signal: ctx.signal,
    onError: (key) => result.error(key),
    onOutcome: () => ctx.progress.update((done += 1)),
  });
  const points: [number, number][] = [];
  ctx.progress.log(`growing ${creator.parent.path} through ${parameters.steps.join(', ')} workspaces`);
  ctx.progress.start('workspaces', last);
  let attempted = 0;
  try {
    for (const step of parameters.steps) {
      if (step > attempted) {
        await creator.runClosed(flatPlan(attempted, step), parameters.concurrency);
        attempted = step;
      }
      if (ctx.signal.aborted) break;
      // x is what exists, which is the step unless some creations failed (then the errors say so).
      const workspaces = creator.stats.ready;
      const sample = await settleAndSample(source, parameters.settle, { signal: ctx.signal }).catch(
        (error: unknown) => {
          if (ctx.signal.aborted) return undefined;
          throw error;
        },
      );
      if (!sample) break;
      points.push([workspaces, sample.bytes]);
      const line = `step ${step}: ${workspaces} workspaces, RSS ${mib(sample.bytes)} — ${sample.rule}`;
      result.note(line);
      ctx.progress.log(line);
    }
  } finally {
    ctx.progress.stop();
    await finishCreator(result, creator, last, parameters.keep);
  }

  result.series({ name: 'RSS vs workspaces', xLabel: 'workspaces', yLabel: 'RSS (bytes)', points });
  const first = points[0];
  const final = points[points.length - 1];
  if (first) result.metric('rss.firstStep', first[1], 'bytes', 'lower');
  if (final) result.metric('rss.lastStep', final[1], 'bytes', 'lower');
  const fit = leastSquares(points);
  if (fit) {
    result.metric('bytesPerWorkspace', Math.round(fit.slope), 'bytes', 'lower');
    result.note(`bytesPerWorkspace: least-squares slope over all steps: ${describeFit(fit)}`);
  } else {
    result.note('bytesPerWorkspace: needs samples at two or more workspace counts');
  }
  // The first step carries one-off warm-up (code paths loaded, caches and pools filled); the
  // slope without it is the marginal cost once warm.
  const warm = leastSquares(points.slice(1));
  if (warm) {
    result.metric('bytesPerWorkspace.excludingFirstStep', Math.round(warm.slope), 'bytes', 'lower');
    result.note(`without the first step (warm-up): ${describeFit(warm)}`);
  }
  return result.finish(ctx.signal.aborted);
}

export const memoryPerWorkspace: Scenario<MemoryPerWorkspaceParameters> = {
  name: 'memory-per-workspace',
  description:
    'grow a parent workspace through steps of N workspaces, sample settled RSS, fit bytes per workspace',
  run,
  needsWorkspaces: true,
};
