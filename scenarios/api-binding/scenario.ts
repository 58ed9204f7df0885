// api-binding: what APIs as a service cost a server. One provider workspace exports a small
// namespaced kind (widgets.bench.kcp-harness.io) through an APIExport; consumer workspaces bind
// it. Measured: resident memory per binding, isolated from the memory of the workspace that
// holds it (RSS sampled settled at each step, first with the step's new workspaces still
// unbound, then after binding them), the latency of a binding from POST to phase Bound (once
// the steps' bindings exist), and what creating an object of the bound resource costs against a
// ConfigMap of the same JSON size, in one bound consumer.
//
// Everything lives under one bench parent (root:kh-bench-<id>: provider, warm-up, ws-0 … ws-n),
// deleted at the end and after Ctrl-C. Only targets that serve workspaces and apis.kcp.io.
import { createLatencyRecorder, type LatencyRecorder } from '../framework/histogram.js';
import { leastSquares, type LinearFit } from '../framework/fit.js';
import { runClosedLoop } from '../framework/load.js';
import { startResult, type ResultBuilder } from '../framework/result-builder.js';
import type { ScenarioResult } from '../framework/result.js';
import { procRssSource, settleAndSample, type RssSource } from '../framework/rss.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { ScenarioRefused } from '../framework/tenancy.js';
import { openWorkspaceCreator, type WorkspaceCreator } from '../workspace-creation/creator.js';
import { flatPlan } from '../workspace-creation/plan.js';
import { clusterUrl } from '../../suites/framework/cluster-paths.js';
import { missingApis } from './apis-served.js';
import { bindOne } from './bind.js';
import {
  baselineConfigMap,
  configMapsPath,
  EXPORT_NAME,
  WIDGET_GROUP,
  widget,
  widgetsPath,
} from './manifests.js';
import type { ApiBindingParams } from './params.js';
import { createProvider, warmUpConsumer, type Provider, type WarmConsumer } from './provider.js';

/** The issue's design target ("APIs as a service"); in the notes, not a pass/fail. */
const TARGET_BYTES_PER_BINDING = 2048;
const TARGET_BIND_P99_MS = 50;
const TARGET_AT_BINDINGS = 1000;

const MIB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const describeFit = (fit: LinearFit, per: string): string =>
  `${Math.round(fit.slope)} bytes/${per} (R² ${fit.r2.toFixed(3)}, ${fit.n} points, intercept ${mib(fit.intercept)})`;

const DESIGN_TARGET =
  `design target (issue "APIs as a service"): a binding costs under ${TARGET_BYTES_PER_BINDING / 1024} KB of RSS ` +
  `and reaches Bound in under ${TARGET_BIND_P99_MS} ms p99 at ${TARGET_AT_BINDINGS.toLocaleString('en')} bindings`;

interface Run {
  ctx: BenchContext;
  params: ApiBindingParams;
  result: ResultBuilder;
  creator: WorkspaceCreator;
  provider: Provider;
  /** Consumer workspaces (ws-<i>) Ready and answering, by path. */
  ready: Set<string>;
  /** Consumer workspaces ws-0 … ws-(created − 1) have been attempted. */
  created: number;
  /** Consumers whose binding is Bound (not counting the warm-up consumer). */
  bound: number;
  seenByWatch: number;
  seenByPoll: number;
  /** Workspace outcomes so far (ready, failed or cut short), for progress. */
  outcomes: { count: number };
  /** For the design-target note. */
  bytesPerBinding?: number;
  bindP99Ms?: number;
  bindingsInPlace?: number;
}

/** The RSS source, only where the harness knows the target's pid; else a note says why not. */
async function rssSource(ctx: BenchContext, result: ResultBuilder): Promise<RssSource | undefined> {
  const { pid, kind } = ctx.target;
  if (pid === undefined) {
    result.note(
      `RSS not measured: the harness did not spawn this target (${kind}), so it knows no process to read; ` +
        'the steps still create and bind their consumers (the bind-latency phase then meets as many bindings ' +
        'as on a measured run), but bytesPerBinding, bytesPerBareWorkspace and the RSS series are absent. ' +
        'Measure memory with --target reference or --kcp-binary',
    );
    return undefined;
  }
  const source = procRssSource(pid);
  try {
    await source.sample(ctx.signal);
  } catch (error) {
    result.note(`RSS not measured: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  result.note(`RSS: ${source.describe}, each sample taken once settled`);
  return source;
}

async function sample(run: Run, source: RssSource, what: string): Promise<number> {
  const settled = await settleAndSample(source, run.params.settle, { signal: run.ctx.signal });
  const line = `RSS ${what}: ${mib(settled.bytes)} — ${settled.rule}`;
  run.result.note(line);
  run.ctx.progress.log(line);
  return settled.bytes;
}

const consumerPath = (run: Run, index: number): string => `${run.creator.parent.path}:ws-${index}`;

/** Creates consumers ws-<created> … ws-<to − 1> (not timed); returns the paths that became Ready. */
async function createConsumers(run: Run, to: number): Promise<string[]> {
  const from = run.created;
  if (to <= from) return [];
  run.ctx.progress.start('consumer workspaces', to - from);
  run.outcomes.count = 0;
  try {
    await run.creator.runClosed(flatPlan(from, to), run.params.concurrency);
  } finally {
    run.ctx.progress.stop();
  }
  run.created = to;
  return Array.from({ length: to - from }, (_, i) => consumerPath(run, from + i)).filter((path) =>
    run.ready.has(path),
  );
}

/** Binds each consumer at the run's concurrency, timing POST → Bound into `recorder`. */
async function bindAll(run: Run, paths: readonly string[], label: string, recorder: LatencyRecorder) {
  const { ctx, params, result } = run;
  let done = 0;
  ctx.progress.start(label, paths.length);
  try {
    await runClosedLoop(
      paths,
      params.concurrency,
      async (path) => {
        const outcome = await bindOne({
          consumer: ctx.target.root.at(clusterUrl(ctx.target.server, path)),
          providerPath: run.provider.path,
          timeoutMs: params.bindTimeoutMs,
          signal: ctx.signal,
          onError: (key) => result.error(key),
        });
        if (outcome.kind === 'bound') {
          recorder.record(outcome.ms);
          run.bound += 1;
          if (outcome.seenBy === 'watch') run.seenByWatch += 1;
          else run.seenByPoll += 1;
        }
        ctx.progress.update((done += 1));
      },
      ctx.signal,
    );
  } finally {
    ctx.progress.stop();
  }
}

interface StepPoint {
  step: number;
  workspaces: number;
  /** Bindings before and after this step's were made. */
  bindingsBefore: number;
  bindingsAfter: number;
  before?: number;
  after?: number;
}

/**
 * For each step: the consumers up to it are created, RSS sampled (new ones still unbound), the
 * new ones bound, RSS sampled again. Bytes per binding is the slope, over the bindings, of the
 * accumulated (after − before) differences; bytes per bare workspace the slope, over the
 * workspaces, of the "before" samples less the bindings' accumulated share.
 */
async function steps(run: Run, source: RssSource | undefined): Promise<void> {
  const { params, result } = run;
  const stepBind = createLatencyRecorder();
  const points: StepPoint[] = [];
  try {
    for (const step of params.steps) {
      const fresh = await createConsumers(run, step);
      if (run.ctx.signal.aborted) break;
      const point: StepPoint = {
        step,
        workspaces: run.ready.size,
        bindingsBefore: run.bound,
        bindingsAfter: run.bound,
      };
      points.push(point);
      if (source)
        point.before = await sample(
          run,
          source,
          `step ${step}: ${point.workspaces} consumer workspaces, ${point.bindingsBefore} bound`,
        );
      if (fresh.length === 0) {
        point.after = point.before;
        continue;
      }
      await bindAll(run, fresh, `bindings (step ${step})`, stepBind);
      point.bindingsAfter = run.bound;
      if (run.ctx.signal.aborted) break;
      if (source)
        point.after = await sample(
          run,
          source,
          `step ${step}: ${point.workspaces} consumer workspaces, all ${point.bindingsAfter} bound`,
        );
    }
  } finally {
    if (stepBind.count > 0) result.latency('bindDuringSteps', stepBind.summary());
    fits(run, points, source !== undefined);
  }
}

function fits(run: Run, points: readonly StepPoint[], measured: boolean): void {
  const { result } = run;
  const last = points[points.length - 1];
  result.note(
    `steps ${run.params.steps.join(', ')}: ${last ? `${last.workspaces} consumer workspaces, ${last.bindingsAfter} bound` : 'none reached'}` +
      (run.ctx.signal.aborted ? ' (interrupted)' : ''),
  );
  if (!measured) return;
  const complete = points.filter(
    (p): p is StepPoint & { before: number; after: number } =>
      p.before !== undefined && p.after !== undefined,
  );
  // Binding cost so far: the sum of every step's (after − before); 0 with no bindings, by definition.
  const bindingCost: [number, number][] = [[0, 0]];
  const bare: [number, number][] = [];
  const bound: [number, number][] = [];
  let accumulated = 0;
  for (const p of complete) {
    bare.push([p.workspaces, p.before - accumulated]);
    accumulated += p.after - p.before;
    if (p.bindingsAfter > 0) bindingCost.push([p.bindingsAfter, accumulated]);
    bound.push([p.workspaces, p.after]);
  }
  result.series({
    name: 'RSS vs consumer workspaces, all bound',
    xLabel: 'consumer workspaces (each bound)',
    yLabel: 'RSS (bytes)',
    points: bound,
  });
  result.series({
    name: 'RSS of the bindings vs bindings',
    xLabel: 'bindings',
    yLabel: 'RSS added by binding (bytes, accumulated after − before)',
    points: bindingCost,
  });
  result.series({
    name: 'RSS vs bare consumer workspaces',
    xLabel: 'consumer workspaces',
    yLabel: 'RSS less the bindings (bytes)',
    points: bare,
  });
  const first = complete[0];
  const final = complete[complete.length - 1];
  if (first) result.metric('rss.firstStep', first.after, 'bytes', 'lower');
  if (final) result.metric('rss.lastStep', final.after, 'bytes', 'lower');
  result.note(
    'RSS method: two settled samples per step — "before" once the step\'s new consumer workspaces exist ' +
      '(unbound; earlier steps\' stay bound), "after" once each of them is bound. The binding cost is the ' +
      'running sum of (after − before), against the bindings made so far (with 0 at 0 bindings); ' +
      'bytesPerBinding is its least-squares slope. Bare workspaces: each "before" sample less the binding ' +
      'cost of the earlier steps, against the workspaces; bytesPerBareWorkspace is its slope. ' +
      'bytesPerBoundWorkspace is the slope of the "after" samples (a workspace with its binding)',
  );
  const perBinding = leastSquares(bindingCost);
  if (perBinding && bindingCost.length > 1) {
    run.bytesPerBinding = Math.round(perBinding.slope);
    result.metric('bytesPerBinding', run.bytesPerBinding, 'bytes', 'lower');
    result.note(`bytesPerBinding: ${describeFit(perBinding, 'binding')}`);
    if (perBinding.slope < 0)
      result.note(
        'bytesPerBinding is negative: RSS fell while binding (the target returned memory), so it is no measure of what a binding costs',
      );
  } else {
    result.note('bytesPerBinding: needs a step with bindings');
  }
  const perWorkspace = leastSquares(bare);
  if (perWorkspace) {
    result.metric('bytesPerBareWorkspace', Math.round(perWorkspace.slope), 'bytes', 'lower');
    result.note(`bytesPerBareWorkspace: ${describeFit(perWorkspace, 'workspace')}`);
  } else {
    result.note('bytesPerBareWorkspace: needs samples at two or more workspace counts');
  }
  const perBound = leastSquares(bound);
  if (perBound) {
    result.metric('bytesPerBoundWorkspace', Math.round(perBound.slope), 'bytes', 'lower');
    result.note(`bytesPerBoundWorkspace: ${describeFit(perBound, 'bound workspace')}`);
  }
}

/** The --consumers consumers, created untimed, then bound with each binding timed. */
async function bindLatency(run: Run): Promise<void> {
  const { params, result } = run;
  const existing = run.bound;
  const fresh = await createConsumers(run, run.created + params.consumers);
  if (run.ctx.signal.aborted) return;
  const recorder = createLatencyRecorder();
  const watchBefore = run.seenByWatch;
  const pollBefore = run.seenByPoll;
  try {
    await bindAll(run, fresh, 'bindings (timed)', recorder);
  } finally {
    const summary = recorder.summary();
    result.latency('bind', summary);
    if (summary.count > 0) {
      result.metric('bindLatencyP50Ms', summary.p50Ms, 'ms', 'lower');
      result.metric('bindLatencyP90Ms', summary.p90Ms, 'ms', 'lower');
      result.metric('bindLatencyP99Ms', summary.p99Ms, 'ms', 'lower');
      run.bindP99Ms = summary.p99Ms;
      run.bindingsInPlace = existing;
      result.metric('bindLatencyMaxMs', summary.maxMs, 'ms', 'lower');
    }
    result.metric('bindingsBound', summary.count, 'bindings', 'higher');
    result.note(
      `bind latency: ${summary.count} of ${params.consumers} consumer workspaces bound (${fresh.length} became Ready), ` +
        `${params.concurrency} bindings in flight, with ${existing} bindings of the steps already in place (plus the warm-up's); ` +
        "timed from the POST of the APIBinding to phase Bound seen on a watch of the consumer's apibindings " +
        `(fieldSelector metadata.name, opened before the POST); Bound seen by the watch ${run.seenByWatch - watchBefore} times, ` +
        `by the backup GET (every 250 ms, or every 10 ms should the watch fail) ${run.seenByPoll - pollBefore} times`,
    );
  }
}

/** Runs `count` creates with the run's concurrency, timing the 2xx ones; the rest are errors. */
async function timedCreates(
  run: Run,
  label: string,
  send: (index: number) => Promise<{ status: number }>,
): Promise<LatencyRecorder> {
  const { ctx, params, result } = run;
  const recorder = createLatencyRecorder();
  let done = 0;
  ctx.progress.start(label, params.objects);
  try {
    await runClosedLoop(
      Array.from({ length: params.objects }, (_, i) => i),
      params.concurrency,
      async (index) => {
        const started = performance.now();
        const response = await send(index).catch(() => ({ status: 0 }));
        if (response.status >= 200 && response.status < 300) recorder.record(performance.now() - started);
        else result.error(`${label} ${response.status || 'no answer'}`);
        ctx.progress.update((done += 1));
      },
      ctx.signal,
    );
  } finally {
    ctx.progress.stop();
  }
  return recorder;
}

async function createLatency(run: Run, consumer: WarmConsumer): Promise<void> {
  const { result, params } = run;
  const { client, namespace } = consumer;
  const signal = run.ctx.signal;
  const widgets = await timedCreates(run, 'widget create', (i) =>
    client.post(widgetsPath(namespace), widget(`w-${i}`, i), { signal }),
  );
  const configMaps = await timedCreates(run, 'configmap create', (i) =>
    client.post(configMapsPath(namespace), baselineConfigMap(`c-${i}`, i), { signal }),
  );
  const report = (name: string, recorder: LatencyRecorder): { p50: number; p99: number } | undefined => {
    const summary = recorder.summary();
    result.latency(name, summary);
    if (summary.count === 0) return undefined;
    result.metric(`${name}P50Ms`, summary.p50Ms, 'ms', 'lower');
    result.metric(`${name}P99Ms`, summary.p99Ms, 'ms', 'lower');
    return { p50: summary.p50Ms, p99: summary.p99Ms };
  };
  const bound = report('boundCreate', widgets);
  const baseline = report('configMapCreate', configMaps);
  const sizes = `${JSON.stringify(widget('w-0', 0)).length} and ${JSON.stringify(baselineConfigMap('c-0', 0)).length} bytes of JSON`;
  result.note(
    `create latency: ${params.objects} widgets (${WIDGET_GROUP}, served through the binding) and then ${params.objects} ConfigMaps ` +
      `(padded to the same size: ${sizes} for the first of each) in namespace ${namespace} of the bound consumer ${consumer.path}, ` +
      `${params.concurrency} in flight`,
  );
  if (bound && baseline) {
    const p50 = Math.round((bound.p50 - baseline.p50) * 1000) / 1000;
    const p99 = Math.round((bound.p99 - baseline.p99) * 1000) / 1000;
    result.metric('boundCreateOverheadP50Ms', p50, 'ms', 'lower');
    result.metric('boundCreateOverheadP99Ms', p99, 'ms', 'lower');
    result.note(
      `bound resource vs ConfigMap: p50 ${ms(bound.p50)} vs ${ms(baseline.p50)} (difference ${p50.toFixed(3)} ms), ` +
        `p99 ${ms(bound.p99)} vs ${ms(baseline.p99)} (difference ${p99.toFixed(3)} ms)`,
    );
  }
}

function targetNote(run: Run): void {
  const parts: string[] = [];
  const bytes = run.bytesPerBinding;
  if (bytes !== undefined)
    parts.push(
      `${bytes} bytes per binding (${bytes < TARGET_BYTES_PER_BINDING ? 'within' : 'over'} the ${TARGET_BYTES_PER_BINDING}-byte target)`,
    );
  const p99 = run.bindP99Ms;
  const inPlace = run.bindingsInPlace ?? 0;
  if (p99 !== undefined)
    parts.push(
      `bind p99 ${ms(p99)} with ${inPlace} bindings already in place ` +
        `(${p99 < TARGET_BIND_P99_MS ? 'within' : 'over'} the ${TARGET_BIND_P99_MS} ms target` +
        (inPlace < TARGET_AT_BINDINGS
          ? `; the target is stated at ${TARGET_AT_BINDINGS} bindings, this run timed them at ${inPlace}: give --steps ending at ${TARGET_AT_BINDINGS} or more`
          : '') +
        ')',
    );
  if (parts.length > 0) run.result.note(`against the design target: ${parts.join('; ')}`);
}

async function run(ctx: BenchContext, params: ApiBindingParams): Promise<ScenarioResult> {
  const missing = await missingApis(ctx.target.root, ctx.signal);
  if (missing !== undefined)
    throw new ScenarioRefused(
      `api-binding measures APIBindings, and ${ctx.target.describe} does not serve them (${missing}); ` +
        'it runs only on a target that serves kcp workspaces and apis.kcp.io (APIResourceSchemas, APIExports, APIBindings)',
    );
  const result = await startResult(ctx, 'api-binding', { ...params });
  result.note(DESIGN_TARGET);
  const source = await rssSource(ctx, result);
  const ready = new Set<string>();
  const outcomes = { count: 0 };
  const creator = await openWorkspaceCreator({
    target: ctx.target,
    readyTimeoutMs: params.readyTimeoutMs,
    firstRequestIntervalMs: params.firstRequestIntervalMs,
    signal: ctx.signal,
    onError: (key) => result.error(`workspace ${key}`),
    onOutcome: (outcome) => {
      if (outcome.kind === 'ready') ready.add(outcome.path);
      ctx.progress.update((outcomes.count += 1));
    },
  });
  const parent = creator.parent.path;
  ctx.progress.log(`api-binding: everything under ${parent}`);
  let phase = 'setting up the provider';
  let state: Run | undefined;
  try {
    const provider = await createProvider(ctx, parent, params.readyTimeoutMs);
    result.metric('exportIdentityMs', Math.round(provider.identityMs * 1000) / 1000, 'ms', 'lower');
    result.note(
      `provider: workspace ${provider.path} with APIResourceSchema and APIExport ${EXPORT_NAME} (widgets.${WIDGET_GROUP}); ` +
        `export POST → status.identityHash in ${ms(provider.identityMs)} (polled every 20 ms)`,
    );
    ctx.progress.log(`provider ${provider.path}: export has its identity after ${ms(provider.identityMs)}`);
    state = {
      ctx,
      params,
      result,
      creator,
      provider,
      ready,
      created: 0,
      bound: 0,
      seenByWatch: 0,
      seenByPoll: 0,
      outcomes,
    };
    phase = 'warming up';
    const warm = await warmUpConsumer(ctx, parent, provider, params.bindTimeoutMs, params.readyTimeoutMs);
    for (const line of warm.notes) result.note(line);
    phase = 'growing through the steps';
    ctx.progress.log(`steps: ${params.steps.join(', ')} bound consumer workspaces`);
    await steps(state, source);
    if (!ctx.signal.aborted) {
      phase = 'timing bindings';
      ctx.progress.log(`timing ${params.consumers} bindings with ${state.bound} in place`);
      await bindLatency(state);
    }
    if (!ctx.signal.aborted) {
      phase = 'timing creates';
      await createLatency(state, warm);
    }
  } catch (error) {
    if (!ctx.signal.aborted) {
      await cleanUp(ctx, result, creator);
      throw error;
    }
  }
  if (ctx.signal.aborted) result.note(`interrupted while ${phase}`);
  if (state) targetNote(state);
  await cleanUp(ctx, result, creator);
  return result.finish(ctx.signal.aborted);
}

async function cleanUp(ctx: BenchContext, result: ResultBuilder, creator: WorkspaceCreator): Promise<void> {
  const path = creator.parent.path;
  ctx.progress.log(
    `deleting ${path} and everything under it${ctx.signal.aborted ? ' (not waiting: interrupted)' : ''}`,
  );
  const deletion = await creator.close(false);
  if (!deletion) return;
  if (deletion.goneMs !== undefined) {
    result.metric('deleteToGone', Math.round(deletion.goneMs), 'ms', 'lower');
    const line = `deleted ${path} with everything under it: DELETE → 404 in ${Math.round(deletion.goneMs)} ms (polled every 100 ms)`;
    result.note(line);
    ctx.progress.log(line);
  } else if (deletion.error === undefined) {
    result.note(`deleted ${path} (DELETE answered ${deletion.status}; not waited for after the interrupt)`);
    ctx.progress.log(`deletion of ${path} requested`);
  } else {
    result.error(deletion.status === 0 ? 'delete failed' : `delete ${deletion.status}`);
    result.note(`deleting ${path} did not finish: ${deletion.error}`);
    ctx.progress.log(`deleting ${path} did not finish: ${deletion.error}`);
  }
}

export const apiBinding: Scenario<ApiBindingParams> = {
  name: 'api-binding',
  description:
    'APIs as a service: a provider exports a small kind, consumer workspaces bind it; RSS per binding (isolated ' +
    'from the bare workspace, settled samples before and after binding each step), POST → Bound latency ' +
    '(p50/p90/p99/max), and create latency of a bound resource vs a ConfigMap of the same size. ' +
    `Design target: under ${TARGET_BYTES_PER_BINDING / 1024} KB and ${TARGET_BIND_P99_MS} ms p99 per binding at ${TARGET_AT_BINDINGS} bindings`,
  run,
  needsWorkspaces: true,
};
