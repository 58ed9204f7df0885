// bad-input: the seeded corpus of malformed and abusive requests (corpus.ts) against a target,
// counting what a robust server never does: a 5xx, no answer, or an accepted write after which a
// workspace stops working (run-corpus.ts), and how long /readyz stalls meanwhile (one request
// holding the server for everyone). The workspaces live under one bench parent, deleted at the end.
import { loadConnection } from '../../suites/framework/http/connection.js';
import { startResult, type ResultBuilder } from '../framework/result-builder.js';
import type { ScenarioResult } from '../framework/result.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { createBenchParent, deleteBenchParent } from '../workspace-creation/bench-parent.js';
import { DEFAULT_READY_TIMEOUT_MS } from '../workspace-creation/parameters.js';
import { corpusKinds } from './corpus.js';
import type { BadInputParams } from './params.js';
import { runCorpus, totals, type CorpusResult } from './run-corpus.js';
import { rawAgent } from './send-raw.js';
import { prepareWorkspaces } from './setup.js';

function report(result: ResultBuilder, corpus: CorpusResult): void {
  const sum = totals(corpus);
  result.metric('requests', sum.sent, 'requests', 'higher');
  result.metric('serverErrors', sum['5xx'], 'requests', 'lower');
  result.metric('unanswered', sum.unanswered, 'requests', 'lower');
  result.metric('poisonedWorkspaces', corpus.poisoned.length, 'workspaces', 'lower');
  result.metric('accepted', sum['2xx'], 'requests', 'higher');
  result.metric('refused', sum['4xx'], 'requests', 'higher');
  result.metric('readyzMaxMs', corpus.readyz.maxMs, 'ms', 'lower');
  result.metric('readyzP99Ms', corpus.readyz.p99Ms, 'ms', 'lower');
  result.metric('slowestAnswerMs', sum.maxMs, 'ms', 'lower');
  result.metric('durationMs', corpus.durationMs, 'ms', 'lower');
  for (const kind of corpusKinds) {
    const counts = corpus.byKind[kind];
    if (!counts) continue;
    if (counts['5xx'] > 0) result.error(`5xx ${kind}`, counts['5xx']);
    if (counts.unanswered > 0) result.error(`unanswered ${kind}`, counts.unanswered);
    result.note(
      `${kind}: ${counts.sent} sent, ${counts['2xx']} 2xx, ${counts['4xx']} 4xx, ${counts['5xx']} 5xx, ` +
        `${counts.unanswered} unanswered, ${counts.unsendable} unsendable, slowest ${counts.maxMs} ms`,
    );
  }
  result.note(
    `/readyz probed ${corpus.readyz.probes} times meanwhile: ${corpus.readyz.over100ms} over 100 ms, ` +
      `max ${corpus.readyz.maxMs} ms`,
  );
  for (const f of corpus.findings.slice(0, 20))
    result.note(
      `finding #${f.index} ${f.kind} ${f.method} ${f.path} → ${f.status || f.error} ${f.excerpt.slice(0, 160)}`,
    );
  for (const p of corpus.poisoned)
    result.note(
      `poisoned ${p.workspace} after #${p.after.index} ${p.after.method} ${p.after.path}: ${p.canary.slice(0, 200)}`,
    );
  for (const f of corpus.slowest.slice(0, 5))
    result.note(`slow #${f.index} ${f.kind} ${f.method} ${f.path}: ${f.ms} ms → ${f.status || f.error}`);
}

async function run(ctx: BenchContext, params: BadInputParams): Promise<ScenarioResult> {
  const result = await startResult(ctx, 'bad-input', { ...params });
  const connection = await loadConnection(ctx.target.kubeconfigPath, ctx.target.context);
  const agent = rawAgent(connection.tls, params.concurrency + 2);
  const parent = await createBenchParent(
    ctx.target.root,
    ctx.target.server,
    DEFAULT_READY_TIMEOUT_MS,
    ctx.signal,
  );
  ctx.progress.log(`bad-input: ${params.count} requests (seed ${params.seed}) under ${parent.path}`);
  try {
    const base = { origin: ctx.target.server, agent, auth: connection.headers };
    const names = Array.from({ length: params.workspaces }, (_, i) => `bad-${i}`);
    const workspaces = await prepareWorkspaces(base, parent.path, names);
    ctx.progress.start('bad-input', params.count);
    const corpus = await runCorpus(
      { ...base, workspaces },
      { ...params, onProgress: (done) => ctx.progress.update(done) },
    );
    ctx.progress.stop();
    report(result, corpus);
  } finally {
    agent.destroy();
    const deletion = await deleteBenchParent(ctx.target.root, parent.name, DEFAULT_READY_TIMEOUT_MS);
    if (deletion.error !== undefined)
      result.note(`deleting ${parent.path} did not finish: ${deletion.error}`);
  }
  return result.finish(ctx.signal.aborted);
}

export const badInput: Scenario<BadInputParams> = {
  name: 'bad-input',
  description:
    'a seeded corpus of malformed and abusive requests: counts 5xx, unanswered requests and poisoned workspaces, and how long /readyz stalls meanwhile',
  needsWorkspaces: true,
  run,
};
