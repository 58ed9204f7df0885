// Set-up, not measured (except how long the export takes to get its identity): the provider
// workspace with the widget schema and its export, and a warm-up consumer bound to it that has
// created a widget and a ConfigMap before anything is measured. The warm-up proves the whole
// path works (the export reachable from consumers, the bound resource served) and moves the
// server's one-off costs of a first binding (code loaded, caches built) out of the figures; the
// create-latency phase later runs in this same bound consumer.
import { setTimeout as delay } from 'node:timers/promises';
import { createReadyWorkspace } from '../../suites/framework/fixtures/workspaces.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import type { BenchContext } from '../framework/scenario.js';
import { bindOne } from './bind.js';
import {
  BINDINGS_PATH,
  baselineConfigMap,
  configMapsPath,
  EXPORT_NAME,
  EXPORTS_PATH,
  SCHEMAS_PATH,
  widget,
  widgetExport,
  widgetSchema,
  widgetsPath,
} from './manifests.js';

const IDENTITY_POLL_MS = 20;
const SERVED_ATTEMPTS = 100;
const SERVED_INTERVAL_MS = 100;

export interface Provider {
  path: string;
  identityHash: string;
  /** Export POST → status.identityHash seen (polled every IDENTITY_POLL_MS). */
  identityMs: number;
}

export interface WarmConsumer {
  path: string;
  client: ClusterClient;
  namespace: string;
  /** Lines for the notes. */
  notes: string[];
}

async function expectCreated(client: ClusterClient, path: string, body: unknown, signal: AbortSignal) {
  const response = await client.post(path, body, { signal });
  if (response.status !== 201)
    throw new Error(`POST ${client.baseUrl}${path}: HTTP ${response.status} ${response.text.slice(0, 300)}`);
}

export async function createProvider(
  ctx: BenchContext,
  parentPath: string,
  readyTimeoutMs: number,
): Promise<Provider> {
  const { signal } = ctx;
  const workspace = await createReadyWorkspace({
    client: ctx.target.root,
    server: ctx.target.server,
    parentPath,
    name: 'provider',
    timeoutMs: readyTimeoutMs,
    signal,
  });
  await expectCreated(workspace.client, SCHEMAS_PATH, widgetSchema(), signal);
  const started = performance.now();
  await expectCreated(workspace.client, EXPORTS_PATH, widgetExport(), signal);
  const deadline = started + readyTimeoutMs;
  for (;;) {
    const response = await workspace.client.get<{ status?: { identityHash?: string } }>(
      `${EXPORTS_PATH}/${EXPORT_NAME}`,
      { signal },
    );
    const identityHash = response.status === 200 ? response.body?.status?.identityHash : undefined;
    if (identityHash) return { path: workspace.path, identityHash, identityMs: performance.now() - started };
    if (performance.now() > deadline)
      throw new Error(
        `APIExport ${workspace.path}:${EXPORT_NAME} has no status.identityHash after ${readyTimeoutMs} ms (last GET: HTTP ${response.status})`,
      );
    await delay(IDENTITY_POLL_MS, undefined, { signal });
  }
}

/** POST until 201: the bound resource is served a moment after Bound (kube's crdHandler too). */
async function createWhenServed(client: ClusterClient, path: string, body: unknown, signal: AbortSignal) {
  let last = '';
  for (let attempt = 0; attempt < SERVED_ATTEMPTS; attempt += 1) {
    const response = await client.post(path, body, { signal });
    if (response.status === 201) return attempt;
    last = `HTTP ${response.status} ${response.text.slice(0, 200)}`;
    await delay(SERVED_INTERVAL_MS, undefined, { signal });
  }
  throw new Error(`POST ${client.baseUrl}${path} never succeeded: ${last}`);
}

export async function warmUpConsumer(
  ctx: BenchContext,
  parentPath: string,
  provider: Provider,
  bindTimeoutMs: number,
  readyTimeoutMs: number,
): Promise<WarmConsumer> {
  const { signal } = ctx;
  const workspace = await createReadyWorkspace({
    client: ctx.target.root,
    server: ctx.target.server,
    parentPath,
    name: 'warm-up',
    timeoutMs: readyTimeoutMs,
    signal,
  });
  // What a new workspace of the default type is bound to before ours (kcp's universal type binds
  // tenancy.kcp.io and topology.kcp.io): part of every "bare" consumer workspace's memory.
  const existing = await workspace.client.get<{ items?: { metadata?: { name?: string } }[] }>(BINDINGS_PATH, {
    signal,
  });
  const defaults = (existing.body?.items ?? []).map((item) => item.metadata?.name ?? '?');
  const answers: string[] = [];
  const outcome = await bindOne({
    consumer: workspace.client,
    providerPath: provider.path,
    timeoutMs: bindTimeoutMs,
    signal,
    onError: (key) => answers.push(key),
  });
  if (outcome.kind === 'aborted') throw new Error('interrupted');
  if (outcome.kind === 'failed')
    throw new Error(
      `the warm-up consumer ${workspace.path} could not bind ${provider.path}:${EXPORT_NAME}: ${outcome.error}: ${outcome.message}`,
    );
  const namespace = 'default';
  const retries = await createWhenServed(
    workspace.client,
    widgetsPath(namespace),
    widget('warm-up', 0),
    signal,
  );
  await expectCreated(workspace.client, configMapsPath(namespace), baselineConfigMap('warm-up', 0), signal);
  await workspace.client.get(widgetsPath(namespace), { signal });
  return {
    path: workspace.path,
    client: workspace.client,
    namespace,
    notes: [
      `warm-up: consumer ${workspace.path} bound in ${Math.round(outcome.ms)} ms` +
        (answers.length > 0 ? ` (answers retried: ${answers.join(', ')})` : '') +
        `, then a widget created (${retries} retries while the resource became served) and a ConfigMap, before anything was measured`,
      existing.status !== 200
        ? `bindings a new consumer workspace has of its own: unknown (listing them answered ${existing.status})`
        : defaults.length === 0
          ? 'a new consumer workspace has no APIBindings of its own (its type has no defaultAPIBindings)'
          : `a new consumer workspace already has ${defaults.length} APIBindings of its own (its type's defaultAPIBindings: ${defaults.join(', ')}); ` +
            'they are part of every bare workspace (bytesPerBareWorkspace), not of bytesPerBinding',
    ],
  };
}
