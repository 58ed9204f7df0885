// virtual-workspace: what a provider's controller sees through its APIExport virtual workspace.
// One provider exports widgets (the api-binding scenario's schema and export); N consumer
// workspaces bind it and create one widget each. Then, as a provider's informer does, the
// harness lists `<endpoint slice URL>/clusters/*` (timed: the initial list of N objects across N
// workspaces) and watches from that list's resourceVersion while widgets are created in the
// consumers, round robin, at a steady rate: each write is timed from just before its POST until
// the provider's watch delivers its ADDED. Writes never seen are lost, ADDED seen twice are
// duplicated; both must be 0. RSS is sampled (settled) before the consumers exist, once they are
// bound, and with the provider's watch open, for bytes per bound consumer.
//
// Everything lives under one bench parent (root:kh-bench-<id>), deleted at the end and after
// Ctrl-C. Only targets that serve workspaces, apis.kcp.io and the APIExport virtual workspace.
import { setTimeout as delay } from 'node:timers/promises';
import { clusterUrl } from '../../suites/framework/cluster-paths.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import type { WatchStream } from '../../suites/framework/http/watch.js';
import { missingApis } from '../api-binding/apis-served.js';
import { bindOne } from '../api-binding/bind.js';
import {
  EXPORT_NAME,
  WIDGET_GROUP,
  WIDGET_PLURAL,
  WIDGET_VERSION,
  widget,
  widgetsPath,
} from '../api-binding/manifests.js';
import { createProvider, warmUpConsumer } from '../api-binding/provider.js';
import { createLatencyRecorder } from '../framework/histogram.js';
import { runClosedLoop, runOpenLoop } from '../framework/load.js';
import { startResult, type ResultBuilder } from '../framework/result-builder.js';
import type { ScenarioResult } from '../framework/result.js';
import { procRssSource, settleAndSample, type RssSource } from '../framework/rss.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { ScenarioRefused } from '../framework/tenancy.js';
import { openWorkspaceCreator, type WorkspaceCreator } from '../workspace-creation/creator.js';
import { flatPlan } from '../workspace-creation/plan.js';
import type { VirtualWorkspaceParams } from './params.js';

const MIB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;
const ALL_WIDGETS = `/apis/${WIDGET_GROUP}/${WIDGET_VERSION}/${WIDGET_PLURAL}`;
const SLICE_PATH = `/apis/apis.kcp.io/v1alpha1/apiexportendpointslices/${EXPORT_NAME}`;
const NAMESPACE = 'default';

async function rssSource(ctx: BenchContext, result: ResultBuilder): Promise<RssSource | undefined> {
  if (ctx.target.pid === undefined) {
    result.note(
      `RSS not measured: the harness did not spawn this target (${ctx.target.kind}); use --target reference or --kcp-binary`,
    );
    return undefined;
  }
  const source = procRssSource(ctx.target.pid);
  result.note(`RSS: ${source.describe}, each sample taken once settled`);
  return source;
}

async function sample(
  ctx: BenchContext,
  result: ResultBuilder,
  source: RssSource,
  settle: VirtualWorkspaceParams['settle'],
  what: string,
) {
  const settled = await settleAndSample(source, settle, { signal: ctx.signal });
  const line = `RSS ${what}: ${mib(settled.bytes)} — ${settled.rule}`;
  result.note(line);
  ctx.progress.log(line);
  return settled.bytes;
}

/** Creates and binds the consumers, each with one widget; returns the clients of those bound. */
async function bindConsumers(
  ctx: BenchContext,
  params: VirtualWorkspaceParams,
  result: ResultBuilder,
  creator: WorkspaceCreator,
  ready: Set<string>,
  providerPath: string,
): Promise<ClusterClient[]> {
  ctx.progress.start('consumer workspaces', params.consumers);
  try {
    await creator.runClosed(flatPlan(0, params.consumers), params.concurrency);
  } finally {
    ctx.progress.stop();
  }
  const paths = Array.from({ length: params.consumers }, (_, i) => `${creator.parent.path}:ws-${i}`).filter(
    (p) => ready.has(p),
  );
  const bound: ClusterClient[] = [];
  let done = 0;
  ctx.progress.start('bindings and first widgets', paths.length);
  try {
    await runClosedLoop(
      paths,
      params.concurrency,
      async (path) => {
        const consumer = ctx.target.root.at(clusterUrl(ctx.target.server, path));
        const outcome = await bindOne({
          consumer,
          providerPath,
          timeoutMs: params.bindTimeoutMs,
          signal: ctx.signal,
          onError: (key) => result.error(key),
        });
        if (outcome.kind === 'bound') {
          // The bound resource is served a moment after Bound.
          for (let attempt = 0; attempt < 100 && !ctx.signal.aborted; attempt += 1) {
            const created = await consumer.post(widgetsPath(NAMESPACE), widget('first', 0), {
              signal: ctx.signal,
            });
            if (created.status === 201) {
              bound.push(consumer);
              break;
            }
            await delay(100, undefined, { signal: ctx.signal });
          }
        }
        ctx.progress.update((done += 1));
      },
      ctx.signal,
    );
  } finally {
    ctx.progress.stop();
  }
  return bound;
}

async function sliceURL(ctx: BenchContext, providerPath: string): Promise<string> {
  const provider = ctx.target.root.at(clusterUrl(ctx.target.server, providerPath));
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const slice = await provider.get<{ status?: { endpoints?: { url: string }[] } }>(SLICE_PATH, {
      signal: ctx.signal,
    });
    const url = slice.body?.status?.endpoints?.[0]?.url;
    if (slice.status === 200 && url) return url.replace(/\/+$/, '');
    await delay(100, undefined, { signal: ctx.signal });
  }
  throw new Error(`APIExportEndpointSlice ${providerPath}:${EXPORT_NAME} lists no endpoint`);
}

interface EventObject {
  metadata?: { name?: string; annotations?: Record<string, string> };
}

/** The provider's watch: ADDED names with their arrival time; duplicates counted. */
function collect(watch: WatchStream, signal: AbortSignal) {
  const seen = new Map<string, number>();
  let duplicates = 0;
  let other = 0;
  const done = (async () => {
    while (!signal.aborted) {
      const event = await watch.next(24 * 3600 * 1000).catch(() => undefined);
      if (!event) return;
      if (event.type !== 'ADDED') {
        if (event.type !== 'BOOKMARK') other += 1;
        continue;
      }
      const o = event.object as EventObject;
      const key = `${o.metadata?.annotations?.['kcp.io/cluster'] ?? ''}/${o.metadata?.name ?? ''}`;
      if (seen.has(key)) duplicates += 1;
      else seen.set(key, performance.now());
    }
  })();
  return { seen, done, counts: () => ({ duplicates, other }) };
}

async function measure(
  ctx: BenchContext,
  params: VirtualWorkspaceParams,
  result: ResultBuilder,
  consumers: ClusterClient[],
  url: string,
  source: RssSource | undefined,
): Promise<void> {
  const provider = ctx.target.root.at(`${url}/clusters/*`);
  const started = performance.now();
  const list = await provider.get<{ metadata?: { resourceVersion?: string }; items?: unknown[] }>(
    ALL_WIDGETS,
    {
      signal: ctx.signal,
    },
  );
  const listMs = performance.now() - started;
  if (list.status !== 200)
    throw new Error(`initial list through ${url}: HTTP ${list.status} ${list.text.slice(0, 200)}`);
  const items = list.body.items?.length ?? 0;
  result.metric('initialListMs', Math.round(listMs * 10) / 10, 'ms', 'lower');
  result.metric('initialListObjects', items, 'objects', 'higher');
  result.note(
    `initial list: GET ${url}/clusters/*${ALL_WIDGETS} answered ${items} widgets of ${consumers.length} bound consumers (plus the warm-up's) in ${listMs.toFixed(1)} ms`,
  );
  const watch = await provider.watch({
    path: ALL_WIDGETS,
    resourceVersion: list.body.metadata?.resourceVersion ?? '',
    query: { allowWatchBookmarks: 'true' },
    signal: ctx.signal,
  });
  const events = collect(watch, ctx.signal);
  try {
    if (source) {
      const bytes = await sample(ctx, result, source, params.settle, `with the provider's watch open`);
      result.metric('rss.withProviderWatch', bytes, 'bytes', 'lower');
    }
    // Each write has a unique name; keyed with its consumer's logical cluster once answered.
    const sent = new Map<string, number>();
    let failed = 0;
    ctx.progress.start('writes in consumers', params.writes);
    let done = 0;
    await runOpenLoop(
      params.writes,
      params.rate,
      async (index) => {
        const consumer = consumers[index % consumers.length]!;
        const name = `vw-${index}`;
        const before = performance.now();
        const created = await consumer.post<EventObject>(widgetsPath(NAMESPACE), widget(name, index), {
          signal: ctx.signal,
        });
        if (created.status === 201)
          sent.set(`${created.body.metadata?.annotations?.['kcp.io/cluster'] ?? ''}/${name}`, before);
        else {
          failed += 1;
          result.error(`write ${created.status}`);
        }
        ctx.progress.update((done += 1));
      },
      { signal: ctx.signal },
    );
    ctx.progress.stop();
    const deadline = performance.now() + params.eventTimeoutMs;
    while (
      performance.now() < deadline &&
      [...sent.keys()].some((k) => !events.seen.has(k)) &&
      !ctx.signal.aborted
    )
      await delay(50);
    const recorder = createLatencyRecorder();
    let lost = 0;
    for (const [key, at] of sent) {
      const arrived = events.seen.get(key);
      if (arrived === undefined) lost += 1;
      else recorder.record(Math.max(0, arrived - at));
    }
    const summary = recorder.summary();
    const { duplicates, other } = events.counts();
    result.latency('writeToProviderEvent', summary);
    if (summary.count > 0) {
      result.metric('eventLatencyP50Ms', summary.p50Ms, 'ms', 'lower');
      result.metric('eventLatencyP99Ms', summary.p99Ms, 'ms', 'lower');
    }
    result.metric('lostEvents', lost, 'events', 'lower');
    result.metric('duplicatedEvents', duplicates, 'events', 'lower');
    result.note(
      `writes: ${params.writes} widgets at ${params.rate}/s over ${consumers.length} consumers (round robin), ${failed} failed; ` +
        `each timed from just before its POST to its ADDED on the provider's watch of ${url}/clusters/* ` +
        `(opened at the initial list's resourceVersion, bookmarks allowed); ${lost} lost (not seen ${params.eventTimeoutMs / 1000} s after the last write), ` +
        `${duplicates} duplicated, ${other} other events`,
    );
  } finally {
    watch.close();
    await events.done;
  }
}

async function run(ctx: BenchContext, params: VirtualWorkspaceParams): Promise<ScenarioResult> {
  const missing = await missingApis(ctx.target.root, ctx.signal);
  if (missing !== undefined)
    throw new ScenarioRefused(
      `virtual-workspace measures an APIExport's virtual workspace, and ${ctx.target.describe} does not serve APIBindings (${missing})`,
    );
  const result = await startResult(ctx, 'virtual-workspace', { ...params });
  const source = await rssSource(ctx, result);
  const ready = new Set<string>();
  let outcomes = 0;
  const creator = await openWorkspaceCreator({
    target: ctx.target,
    readyTimeoutMs: params.readyTimeoutMs,
    firstRequestIntervalMs: params.firstRequestIntervalMs,
    signal: ctx.signal,
    onError: (key) => result.error(`workspace ${key}`),
    onOutcome: (outcome) => {
      if (outcome.kind === 'ready') ready.add(outcome.path);
      ctx.progress.update((outcomes += 1));
    },
  });
  const parent = creator.parent.path;
  ctx.progress.log(`virtual-workspace: everything under ${parent}`);
  let phase = 'setting up the provider';
  try {
    const provider = await createProvider(ctx, parent, params.readyTimeoutMs);
    phase = 'warming up';
    const warm = await warmUpConsumer(ctx, parent, provider, params.bindTimeoutMs, params.readyTimeoutMs);
    for (const line of warm.notes) result.note(line);
    const url = await sliceURL(ctx, provider.path);
    result.note(`virtual workspace: ${url} (the endpoint slice's URL)`);
    const before = source
      ? await sample(ctx, result, source, params.settle, 'before the consumers')
      : undefined;
    phase = 'binding consumers';
    const consumers = await bindConsumers(ctx, params, result, creator, ready, provider.path);
    result.metric('boundConsumers', consumers.length, 'consumers', 'higher');
    if (source && before !== undefined && !ctx.signal.aborted) {
      const after = await sample(
        ctx,
        result,
        source,
        params.settle,
        `${consumers.length} consumers bound, one widget each`,
      );
      if (consumers.length > 0) {
        const per = Math.round((after - before) / consumers.length);
        result.metric('bytesPerBoundConsumer', per, 'bytes', 'lower');
        result.note(
          `bytesPerBoundConsumer: (RSS after − before) / ${consumers.length} = ${per} bytes: a workspace, its binding and one widget`,
        );
      }
    }
    if (!ctx.signal.aborted && consumers.length > 0) {
      phase = 'watching through the virtual workspace';
      await measure(ctx, params, result, consumers, url, source);
    }
  } catch (error) {
    if (!ctx.signal.aborted) {
      await cleanUp(ctx, result, creator);
      throw error;
    }
  }
  if (ctx.signal.aborted) result.note(`interrupted while ${phase}`);
  await cleanUp(ctx, result, creator);
  return result.finish(ctx.signal.aborted);
}

async function cleanUp(ctx: BenchContext, result: ResultBuilder, creator: WorkspaceCreator): Promise<void> {
  ctx.progress.log(`deleting ${creator.parent.path} and everything under it`);
  const deletion = await creator.close(false);
  if (!deletion) return;
  if (deletion.goneMs !== undefined)
    result.note(`deleted ${creator.parent.path}: DELETE → 404 in ${Math.round(deletion.goneMs)} ms`);
  else if (deletion.error !== undefined) {
    result.error(deletion.status === 0 ? 'delete failed' : `delete ${deletion.status}`);
    result.note(`deleting ${creator.parent.path} did not finish: ${deletion.error}`);
  }
}

export const virtualWorkspace: Scenario<VirtualWorkspaceParams> = {
  name: 'virtual-workspace',
  description:
    "A provider's view through its APIExport virtual workspace: N bound consumers with a widget each, the " +
    'initial list across them, write in a consumer → ADDED at the provider latency (p50/p99) at a steady ' +
    'rate, lost and duplicated events (must be 0), RSS per bound consumer',
  run,
  needsWorkspaces: true,
};
