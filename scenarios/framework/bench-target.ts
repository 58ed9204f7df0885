// Turns the user's choice of target into what scenarios drive, through the same targets the
// conformance suites use: the reference server (spawned), any endpoint from a kubeconfig, or a
// kcp binary the user supplies (spawned). Scenarios always work from root, as kcp's
// admin.kubeconfig context `root` does, whatever workspace the chosen context addresses; on a
// target whose root serves no workspaces (plain Kubernetes) they work in the context's cluster,
// a namespace per unit (tenancy.ts).
import { clusterUrl, serverOf } from '../../suites/framework/cluster-paths.js';
import { detectWorkspaces } from '../../suites/framework/feature-inference.js';
import { createRunLog, type RunLog } from '../../suites/framework/run-log.js';
import { createTarget } from '../../suites/framework/target/create.js';
import type { TargetSpec } from '../../suites/framework/target/target.js';
import { resolveTimeouts, type Timeouts } from '../../suites/framework/timeouts.js';
import type { TargetInfo } from './result.js';
import type { BenchTarget } from './scenario.js';

export interface OpenBenchTargetOptions {
  timeouts?: Partial<Timeouts>;
  /** Receives the harness's decisions and a spawned target's stdout/stderr. */
  log?: RunLog;
  signal?: AbortSignal;
}

export interface OpenedBenchTarget {
  target: BenchTarget;
  /** Closes connections; a spawned target is stopped and its directory removed. Idempotent. */
  stop(): Promise<void>;
}

export async function openBenchTarget(
  spec: TargetSpec,
  options: OpenBenchTargetOptions = {},
): Promise<OpenedBenchTarget> {
  const timeouts = resolveTimeouts(options.timeouts);
  const log = options.log ?? createRunLog();
  const target = await createTarget(spec, { timeouts, log, signal: options.signal });
  try {
    const context = target.client();
    const server = serverOf(context.baseUrl);
    const root = context.at(clusterUrl(server, 'root'));
    const workspaces = await detectWorkspaces(root, options.signal);
    log.write(
      'harness',
      `bench: workspaces ${workspaces.served ? '' : 'not '}served: ${workspaces.evidence.join('; ')}`,
    );
    return {
      target: {
        kind: target.kind,
        describe: target.describe,
        server,
        root,
        kubeconfigPath: target.kubeconfigPath,
        context: target.context,
        ...(target.pid !== undefined ? { pid: target.pid } : {}),
        workspaces,
        namespaceHost: workspaces.served ? root : context,
      },
      stop: () => target.stop(),
    };
  } catch (error) {
    await target.stop();
    throw error;
  }
}

/** What a result says about its target; the version is /version's gitVersion when it answers. */
export async function describeTarget(target: BenchTarget, signal?: AbortSignal): Promise<TargetInfo> {
  const info: TargetInfo = { kind: target.kind, describe: target.describe, server: target.server };
  try {
    // Asked inside root: kcp answers the shard-level /version only to system:masters. Plain
    // Kubernetes has no root (404 there) and answers in its own cluster.
    for (const client of new Set([target.root, target.namespaceHost])) {
      const response = await client.get<{ gitVersion?: string }>('/version', { signal });
      if (response.status === 200 && response.body?.gitVersion) {
        info.version = response.body.gitVersion;
        break;
      }
    }
  } catch {
    // A result without a version is still a result.
  }
  return info;
}
