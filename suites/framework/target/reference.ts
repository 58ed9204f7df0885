// The reference target: spawns our own server (`kcp-harness serve`) in a fresh root directory,
// waits for the admin.kubeconfig it writes once listening (as kcp does), then for /readyz.
// Stopping sends SIGTERM, SIGKILL after a grace period, and removes the directory.
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../eventually.js';
import { loadConnection } from '../http/connection.js';
import type { RunLog } from '../run-log.js';
import type { Timeouts } from '../timeouts.js';
import { kubeconfigTarget } from './kubeconfig.js';
import { waitForReady } from './readiness.js';
import type { Target } from './target.js';
import { spawnServer } from './server-process.js';

/** scripts/cli.ts when we run from sources (tsx), dist/scripts/cli.js when built. */
export function referenceCliPath(): string {
  const self = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`../../../scripts/cli${extname(self)}`, import.meta.url));
}

export interface ReferenceTargetOptions {
  timeouts: Timeouts;
  log: RunLog;
  signal?: AbortSignal;
}

export async function referenceTarget({ timeouts, log, signal }: ReferenceTargetOptions): Promise<Target> {
  const rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-reference-'));
  const kubeconfigPath = join(rootDirectory, 'admin.kubeconfig');
  const args = [
    ...process.execArgv,
    referenceCliPath(),
    'serve',
    '--root-directory',
    rootDirectory,
    '--secure-port',
    '0',
  ];
  const server = spawnServer(process.execPath, args, 'reference server', log);
  const { child, exit } = server;
  const cleanUp = async (): Promise<void> => {
    await server.stop();
    await rm(rootDirectory, { recursive: true, force: true });
  };

  let target: Target | undefined;
  try {
    const startedAt = Date.now();
    const startup = new AbortController();
    const abort = signal ? AbortSignal.any([signal, startup.signal]) : startup.signal;
    const died = exit.then((how) => {
      throw new Error(
        `reference server exited during start-up (${how}); see the target lines in the run log`,
      );
    });
    died.catch(() => undefined);
    await Promise.race([
      died,
      eventually(
        async () => {
          await access(kubeconfigPath);
          await loadConnection(kubeconfigPath, 'root');
        },
        {
          timeoutMs: timeouts.serverStart,
          intervalMs: 100,
          consecutive: 1,
          signal: abort,
          description: `reference server writes ${kubeconfigPath}`,
        },
      ),
    ]).finally(() => startup.abort());
    target = {
      ...(await kubeconfigTarget({
        path: kubeconfigPath,
        context: 'root',
        timeouts,
        kind: 'reference',
        describe: `reference server pid ${child.pid}, root directory ${rootDirectory}`,
        onStop: cleanUp,
      })),
      // Memory scenarios read the server's RSS from /proc when they know its pid.
      ...(child.pid !== undefined ? { pid: child.pid } : {}),
    };
    const remaining = Math.max(1, timeouts.serverStart - (Date.now() - startedAt));
    await Promise.race([died, waitForReady(target.client(), remaining, signal)]);
    log.write(
      'harness',
      `reference server ready at ${target.client().baseUrl} after ${Date.now() - startedAt} ms`,
    );
    return target;
  } catch (error) {
    await (target ? target.stop() : cleanUp());
    throw error;
  }
}
