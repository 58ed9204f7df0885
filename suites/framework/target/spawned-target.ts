// A target the harness starts itself (our reference server, or a kcp binary): spawn it, wait for
// the admin.kubeconfig it writes once it listens (a new or changed file: a restart may find an
// old one), then for /readyz, all within the serverStart timeout and abandoning the wait if the
// process dies. Stopping stops the process and removes its root directory.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually } from '../eventually.js';
import { loadConnection } from '../http/connection.js';
import type { RunLog } from '../run-log.js';
import type { Timeouts } from '../timeouts.js';
import { kubeconfigTarget } from './kubeconfig.js';
import { waitForReady } from './readiness.js';
import { spawnServer } from './server-process.js';
import type { Target, TargetKind } from './target.js';

export interface SpawnedTargetOptions {
  kind: TargetKind;
  /** Used in log lines and the target's description, e.g. "reference server", "kcp". */
  name: string;
  file: string;
  args: readonly string[];
  rootDirectory: string;
  timeouts: Timeouts;
  log: RunLog;
  signal?: AbortSignal;
  /** Prefix of the description (the root directory and pid are appended). */
  describe: string;
}

const readOrUndefined = (path: string) => readFile(path, 'utf8').catch(() => undefined);

export async function startSpawnedTarget(o: SpawnedTargetOptions): Promise<Target> {
  const kubeconfigPath = join(o.rootDirectory, 'admin.kubeconfig');
  const before = await readOrUndefined(kubeconfigPath);
  const server = spawnServer(o.file, o.args, o.name, o.log);
  const cleanUp = async (): Promise<void> => {
    await server.stop();
    await rm(o.rootDirectory, { recursive: true, force: true });
  };

  let target: Target | undefined;
  try {
    const startedAt = Date.now();
    const startup = new AbortController();
    const abort = o.signal ? AbortSignal.any([o.signal, startup.signal]) : startup.signal;
    const died = server.exit.then((how) => {
      throw new Error(`${o.name} exited during start-up (${how}); see the target lines in the run log`);
    });
    died.catch(() => undefined);
    await Promise.race([
      died,
      eventually(
        async () => {
          const now = await readOrUndefined(kubeconfigPath);
          if (now === undefined || now === before) throw new Error(`${kubeconfigPath} not written yet`);
          await loadConnection(kubeconfigPath, 'root');
        },
        {
          timeoutMs: o.timeouts.serverStart,
          intervalMs: 100,
          consecutive: 1,
          signal: abort,
          description: `${o.name} writes ${kubeconfigPath}`,
        },
      ),
    ]).finally(() => startup.abort());
    const pid = server.child.pid;
    target = {
      ...(await kubeconfigTarget({
        path: kubeconfigPath,
        context: 'root',
        timeouts: o.timeouts,
        kind: o.kind,
        describe: `${o.describe} pid ${pid}, root directory ${o.rootDirectory}`,
        onStop: cleanUp,
      })),
      // Memory scenarios read the server's RSS from /proc when they know its pid.
      ...(pid !== undefined ? { pid } : {}),
    };
    const remaining = Math.max(1, o.timeouts.serverStart - (Date.now() - startedAt));
    await Promise.race([died, waitForReady(target.client(), remaining, o.signal)]);
    o.log.write(
      'harness',
      `${o.name} ready at ${target.client().baseUrl} after ${Date.now() - startedAt} ms`,
    );
    return target;
  } catch (error) {
    await (target ? target.stop() : cleanUp());
    throw error;
  }
}
