// authorization: what authorizing a request costs. a) the overhead per request: GET of one
// ConfigMap as a plain user whose one RoleBinding sits among N others, for each N, plus the
// kubeconfig's identity as a baseline; client-side latency and req/s, and the server's own time
// in the authorizer when its /metrics shows it. b) the memory of the authorizer's caches: RSS
// after creating W workspaces and again after one request as a non-masters identity in each.
// With a namespace per unit (plain Kubernetes) part a runs in namespaces; part b is about
// per-workspace caches and is skipped, with a note.
import { createRequire } from 'node:module';
import { startResult } from '../framework/result-builder.js';
import type { ScenarioResult } from '../framework/result.js';
import type { BenchContext, Scenario } from '../framework/scenario.js';
import { unlessInterrupted } from '../api-throughput/interrupted.js';
import { unitWord } from '../framework/tenancy.js';
import { recordCacheMemory } from './cache-figures.js';
import { measureCacheMemory } from './cache-memory.js';
import { recordOverhead } from './overhead-figures.js';
import { measureOverhead, WARMUP_SECONDS } from './overhead.js';
import { referenceServerArgs, type AuthorizationParams } from './params.js';
import { MEASURED_USER } from './rbac-seed.js';

const AUTOCANNON_VERSION = (createRequire(import.meta.url)('autocannon/package.json') as { version: string })
  .version;

async function run(ctx: BenchContext, params: AuthorizationParams): Promise<ScenarioResult> {
  const parameters: Record<string, unknown> = { ...params };
  if (ctx.target.kind === 'reference') parameters.referenceServerArgs = referenceServerArgs(params);
  const result = await startResult(ctx, 'authorization', parameters, {
    driver: `autocannon ${AUTOCANNON_VERSION} (overhead), node (cache memory)`,
  });
  result.note(
    `overhead: GET of one ConfigMap in namespace ${ctx.tenancy.mode === 'workspaces' ? 'default' : 'kh-bench-<id>-<i>'}, closed loop with ${params.connections} connections for ${params.duration} s per measurement ` +
      `(after ${Math.min(WARMUP_SECONDS, params.duration)} s of unrecorded warm-up on each); as ${MEASURED_USER} (Impersonate-User from the kubeconfig's identity), ` +
      `whose RoleBinding sits among ${params.bindings.join(' / ')} other users' RoleBindings to the same Role in that namespace, one ${unitWord(ctx.tenancy.mode, 1)} each; ` +
      `and once as the kubeconfig's identity itself (kubeconfigIdentity) in the first. Impersonation costs its own authorization check, so ` +
      `kubeconfigIdentity vs bindings* includes it; bindings* vs each other do not differ in it`,
  );
  const overhead = await measureOverhead(ctx, params);
  for (const line of overhead.notes) result.note(line);
  recordOverhead(result, overhead);
  let complete = overhead.complete;
  if (params.workspaces > 0 && ctx.tenancy.mode === 'namespaces') {
    result.note(
      `cache memory not measured: it is the cost of caching a workspace's RBAC (the reference server's kcp_harness_authorization_cache_* gauges, kcp's per-workspace informers), and this run has a namespace per unit, where RBAC is one cluster's (--workspaces ${params.workspaces} ignored)`,
    );
  } else if (params.workspaces > 0 && !ctx.signal.aborted) {
    const notes: string[] = [];
    const memory = await unlessInterrupted(ctx.signal, notes, 'measuring cache memory', () =>
      measureCacheMemory(ctx, params),
    );
    for (const line of notes) result.note(line);
    if (memory) recordCacheMemory(result, memory);
    complete &&= memory?.complete === true;
  } else if (params.workspaces === 0) {
    result.note('cache memory not measured (--workspaces 0)');
  }
  // startResult copies `parameters` at finish, so what was added above is included.
  return result.finish(ctx.signal.aborted || !complete);
}

export const authorization: Scenario<AuthorizationParams> = {
  name: 'authorization',
  description:
    'authorization cost: GET latency, req/s and server-side authorizer time as a user among N RoleBindings (N=0 vs 1000), and RSS per workspace whose RBAC the authorizer caches',
  run,
  referenceServerArgs,
};
