// crd-footprint: what CustomResourceDefinitions cost a server. Resident memory after N CRDs in
// one workspace and after one CRD in each of W workspaces (each sampled once settled, against a
// sample taken just before), how long CRDs take to become Established, and what schema
// validation adds to a create: custom objects of a CRD with a moderately rich schema against
// ConfigMaps of about the same size, same workspace, same concurrency.
//
// With a namespace per unit (plain Kubernetes) the N CRDs go into the cluster itself (a group of
// the run's own) and the objects into a namespace of the run's; "one CRD in each of W
// workspaces" has no counterpart there (CRDs are cluster-scoped: W namespaces would share one),
// so that part is skipped and the result says so.
import { createReadyWorkspace } from '../../suites/framework/fixtures/workspaces.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { createLatencyRecorder, type LatencyRecorder } from '../framework/histogram.js';
import { runClosedLoop } from '../framework/load.js';
import { startResult, type ResultBuilder } from '../framework/result-builder.js';
import type { ScenarioResult } from '../framework/result.js';
import { rssSourceFor, settleAndSample, type RssSource } from '../framework/rss.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { DEFAULT_READY_TIMEOUT_MS } from '../workspace-creation/parameters.js';
import { openCrdHome, type CrdHome } from './crd-home.js';
import { CRDS_PATH, waitEstablished } from './establish.js';
import { baselineConfigMap, crdManifest, crdNames, gadget } from './manifests.js';
import type { CrdFootprintParams } from './params.js';

const MIB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;
const objectsPath = (home: CrdHome, plural: string): string =>
  `/apis/${home.group}/v1/namespaces/${home.namespace}/${plural}`;

/** Runs `count` requests with `concurrency` in flight, timing the 2xx ones; counts the rest as errors. */
async function timed(
  ctx: BenchContext,
  result: ResultBuilder,
  label: string,
  count: number,
  concurrency: number,
  send: (index: number) => Promise<{ status: number }>,
  recorder: LatencyRecorder = createLatencyRecorder(),
): Promise<LatencyRecorder> {
  let done = 0;
  ctx.progress.start(label, count);
  try {
    await runClosedLoop(
      Array.from({ length: count }, (_, i) => i),
      concurrency,
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

async function settled(ctx: BenchContext, result: ResultBuilder, source: RssSource, what: string) {
  const sample = await settleAndSample(source, undefined, { signal: ctx.signal });
  const line = `RSS ${what}: ${mib(sample.bytes)} — ${sample.rule}`;
  result.note(line);
  ctx.progress.log(line);
  return sample.bytes;
}

function latencyMetrics(result: ResultBuilder, name: string, recorder: LatencyRecorder): void {
  if (recorder.count === 0) return;
  const summary = recorder.summary();
  result.latency(name, summary);
  result.metric(`${name}LatencyP50Ms`, summary.p50Ms, 'ms', 'lower');
  result.metric(`${name}LatencyP99Ms`, summary.p99Ms, 'ms', 'lower');
}

/**
 * One CRD (beyond the measured ones) established, written to and read before the first sample:
 * the server's first CRD loads code and builds caches that later ones share (schema compilers,
 * OpenAPI, CEL), which would otherwise be charged to the measured CRDs.
 */
async function warmUp(
  ctx: BenchContext,
  result: ResultBuilder,
  params: CrdFootprintParams,
  home: CrdHome,
): Promise<void> {
  const { client } = home;
  const index = params.crds;
  const { name, plural, kind } = crdNames(index, home.group);
  const created = await client.post(CRDS_PATH, crdManifest(index, home.group, home.labels), {
    signal: ctx.signal,
  });
  if (created.status !== 201) result.error(`warm-up crd create ${created.status}`);
  await waitEstablished(client, [name], params.establishTimeoutMs, ctx.signal);
  const objects = objectsPath(home, plural);
  // The resource is served a moment after Established (kube's crdHandler): retry briefly.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const written = await client.post(objects, gadget(kind, 'warm-up', 0, home.group), {
      signal: ctx.signal,
    });
    if (written.status === 201) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await client.get(objects, { signal: ctx.signal });
  await client.get('/openapi/v3', { signal: ctx.signal });
  result.note(`warm-up: one more CRD (${name}) established and used before the first RSS sample`);
}

async function crdsInOneWorkspace(
  ctx: BenchContext,
  result: ResultBuilder,
  params: CrdFootprintParams,
  source: RssSource,
  home: CrdHome,
): Promise<void> {
  const { client } = home;
  await warmUp(ctx, result, params, home);
  const before = await settled(ctx, result, source, 'before the CRDs');
  const started = performance.now();
  const create = await timed(ctx, result, 'crd create', params.crds, params.concurrency, (i) =>
    client.post(CRDS_PATH, crdManifest(i, home.group, home.labels), { signal: ctx.signal }),
  );
  latencyMetrics(result, 'crdCreate', create);
  const names = Array.from({ length: params.crds }, (_, i) => crdNames(i, home.group).name);
  await waitEstablished(client, names, params.establishTimeoutMs, ctx.signal);
  const establishedMs = performance.now() - started;
  result.metric('crdsEstablishedMs', Math.round(establishedMs), 'ms', 'lower');
  result.note(`${params.crds} CRDs created and all Established after ${Math.round(establishedMs)} ms`);
  const where = home.parentPath === undefined ? 'in the cluster' : 'in one workspace';
  const after = await settled(ctx, result, source, `after ${params.crds} CRDs ${where}`);
  result.metric('rss.crdsInOneWorkspace', after, 'bytes', 'lower');
  perItem(result, 'bytesPerCrd', before, after, params.crds);
}

async function validationCost(
  ctx: BenchContext,
  result: ResultBuilder,
  params: CrdFootprintParams,
  home: CrdHome,
): Promise<void> {
  const { client } = home;
  const { plural, kind } = crdNames(0, home.group);
  const objects = objectsPath(home, plural);
  const custom = await timed(ctx, result, 'custom object create', params.objects, params.concurrency, (i) =>
    client.post(objects, gadget(kind, `g-${i}`, i, home.group), { signal: ctx.signal }),
  );
  const baseline = await timed(ctx, result, 'configmap create', params.objects, params.concurrency, (i) =>
    client.post(`/api/v1/namespaces/${home.namespace}/configmaps`, baselineConfigMap(`b-${i}`, i), {
      signal: ctx.signal,
    }),
  );
  latencyMetrics(result, 'customObjectCreate', custom);
  latencyMetrics(result, 'configMapCreate', baseline);
  if (custom.count > 0 && baseline.count > 0) {
    const extra = custom.summary().p50Ms - baseline.summary().p50Ms;
    result.metric('schemaValidationOverheadP50Ms', Math.round(extra * 1000) / 1000, 'ms', 'lower');
    result.note(
      `schema validation cost: custom-object create p50 minus ConfigMap create p50 = ${extra.toFixed(3)} ms (${params.objects} of each, ${params.concurrency} in flight)`,
    );
  }
}

async function oneCrdPerWorkspace(
  ctx: BenchContext,
  result: ResultBuilder,
  params: CrdFootprintParams,
  source: RssSource,
  parentPath: string,
): Promise<void> {
  const clients: ClusterClient[] = [];
  await timed(ctx, result, 'workspace create', params.workspaces, params.concurrency, async (i) => {
    const created = await createReadyWorkspace({
      client: ctx.target.root,
      server: ctx.target.server,
      parentPath,
      name: `w-${i}`,
      timeoutMs: DEFAULT_READY_TIMEOUT_MS,
      signal: ctx.signal,
    });
    clients[i] = created.client;
    return { status: 201 };
  });
  const before = await settled(ctx, result, source, `with ${params.workspaces} empty workspaces`);
  const { name } = crdNames(0);
  await timed(ctx, result, 'crd per workspace', params.workspaces, params.concurrency, async (i) => {
    const client = clients[i];
    if (!client) return { status: 0 };
    const response = await client.post(CRDS_PATH, crdManifest(0), { signal: ctx.signal });
    if (response.status !== 201) return response;
    await waitEstablished(client, [name], params.establishTimeoutMs, ctx.signal);
    return response;
  });
  const after = await settled(
    ctx,
    result,
    source,
    `after one CRD in each of ${params.workspaces} workspaces`,
  );
  result.metric('rss.oneCrdPerWorkspace', after, 'bytes', 'lower');
  perItem(result, 'bytesPerWorkspaceCrd', before, after, params.workspaces);
}

/**
 * (after - before) / count as a metric; a garbage-collected runtime may give memory back during
 * a phase (Go's scavenger does after a burst), and then the figure says nothing: the note says so.
 */
function perItem(result: ResultBuilder, name: string, before: number, after: number, count: number): void {
  const bytes = Math.round((after - before) / count);
  result.metric(name, bytes, 'bytes', 'lower');
  if (bytes < 0)
    result.note(
      `${name} is negative: RSS fell from ${mib(before)} to ${mib(after)} during the phase (the target's runtime returned memory), so it is no measure of what the objects cost`,
    );
}

async function run(ctx: BenchContext, params: CrdFootprintParams): Promise<ScenarioResult> {
  const result = await startResult(ctx, 'crd-footprint', { ...params });
  const source = await rssSourceFor(ctx.target, ctx.signal);
  result.note(`RSS: ${source.describe}`);
  const home = await openCrdHome(ctx);
  result.note(`CRDs and objects: ${home.location}`);
  try {
    await crdsInOneWorkspace(ctx, result, params, source, home);
    if (!ctx.signal.aborted) await validationCost(ctx, result, params, home);
    if (params.workspaces > 0 && home.parentPath === undefined) {
      result.note(
        `one CRD in each of ${params.workspaces} workspaces: not measured, as this run has a namespace per unit and CRDs are cluster-scoped (a CRD per namespace would be ${params.workspaces} more CRDs of the cluster, which the ${params.crds}-CRD part already measures); rss.oneCrdPerWorkspace and bytesPerWorkspaceCrd are absent`,
      );
    } else if (!ctx.signal.aborted && params.workspaces > 0 && home.parentPath !== undefined) {
      await oneCrdPerWorkspace(ctx, result, params, source, home.parentPath);
    }
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
  } finally {
    // The CRDs measured plus the warm-up one (index params.crds).
    for (const line of await home.remove(params.crds + 1)) result.note(line);
  }
  return result.finish(ctx.signal.aborted);
}

export const crdFootprint: Scenario<CrdFootprintParams> = {
  name: 'crd-footprint',
  description:
    'RSS after N CRDs in one workspace (the cluster, on plain Kubernetes) and after one CRD in each of W workspaces, time to Established, and the create latency schema validation adds (custom objects vs ConfigMaps)',
  run,
};
