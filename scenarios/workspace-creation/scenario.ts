// workspace-creation: how long a workspace takes from POST to Ready and to its first answered
// request, and how many per second a target sustains. Everything is created under one parent
// workspace (root:kh-bench-<id>) that is deleted at the end, and that deletion is timed too.
import { startResult } from '../framework/result-builder.js';
import type { ScenarioResult } from '../framework/result.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { openWorkspaceCreator } from './creator.js';
import type { WorkspaceCreationParameters } from './parameters.js';
import { flatPlan, treePlan } from './plan.js';
import { finishCreator } from './summarise.js';

async function run(ctx: BenchContext, parameters: WorkspaceCreationParameters): Promise<ScenarioResult> {
  const result = await startResult(ctx, 'workspace-creation', { ...parameters });
  const plan =
    parameters.depth !== undefined && parameters.fanout !== undefined
      ? treePlan(parameters.depth, parameters.fanout)
      : flatPlan(0, parameters.count);
  let done = 0;
  const creator = await openWorkspaceCreator({
    target: ctx.target,
    readyTimeoutMs: parameters.readyTimeoutMs,
    firstRequestIntervalMs: parameters.firstRequestIntervalMs,
    signal: ctx.signal,
    onError: (key) => result.error(key),
    onOutcome: () => ctx.progress.update((done += 1)),
  });
  ctx.progress.log(`creating ${parameters.count} workspaces under ${creator.parent.path}`);
  ctx.progress.start('workspaces', parameters.count);
  try {
    if (parameters.rate !== undefined) await creator.runOpen(plan, parameters.rate);
    else await creator.runClosed(plan, parameters.concurrency ?? 1);
  } finally {
    ctx.progress.stop();
    await finishCreator(result, creator, parameters.count, parameters.keep);
  }
  return result.finish(ctx.signal.aborted);
}

export const workspaceCreation: Scenario<WorkspaceCreationParameters> = {
  name: 'workspace-creation',
  description:
    'create N workspaces (flat or a tree; closed or open loop) and time POST → Ready and POST → first request',
  run,
  needsWorkspaces: true,
};
