// The reference target: spawns our own server (`kcp-harness serve`) in a fresh root directory,
// waits for the admin.kubeconfig it writes once listening (as kcp does), then for /readyz.
// Stopping sends SIGTERM, SIGKILL after a grace period, and removes the directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { eventually } from '../eventually.js';
import { loadConnection } from '../http/connection.js';
import type { RunLog } from '../run-log.js';
import type { Timeouts } from '../timeouts.js';
import { kubeconfigTarget } from './kubeconfig.js';
import { waitForReady } from './readiness.js';
import type { Target } from './target.js';

const STOP_GRACE_MS = 10_000;

/** scripts/cli.ts when we run from sources (tsx), dist/scripts/cli.js when built. */
export function referenceCliPath(): string {
  const self = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`../../../scripts/cli${extname(self)}`, import.meta.url));
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function pipeLines(child: ChildProcess, log: RunLog): void {
  for (const [stream, name] of [
    [child.stdout, 'target stdout'],
    [child.stderr, 'target stderr'],
  ] as const) {
    if (stream) createInterface({ input: stream }).on('line', (line) => log.write(name, line));
  }
}

async function stopProcess(child: ChildProcess, exit: Promise<unknown>, log: RunLog): Promise<void> {
  if (exited(child)) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS)),
  );
  const outcome = await Promise.race([exit, graceOver]);
  clearTimeout(timer);
  if (outcome === 'timeout' && !exited(child)) {
    log.write(
      'harness',
      `reference server pid ${child.pid} ignored SIGTERM for ${STOP_GRACE_MS} ms; sending SIGKILL`,
    );
    child.kill('SIGKILL');
    await exit;
  }
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
  log.write('harness', `starting reference server: ${process.execPath} ${args.join(' ')}`);
  // Its own process group: a terminal Ctrl-C reaches the harness only, which then cleans up
  // (deletes what it made) before stopping the server itself.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  pipeLines(child, log);
  const exit = new Promise<string>((resolve) => {
    child.once('exit', (code, sig) => resolve(sig ? `signal ${sig}` : `code ${code}`));
    child.once('error', (error) => resolve(`spawn error: ${error.message}`));
  });
  void exit.then((how) => log.write('harness', `reference server pid ${child.pid} exited (${how})`));
  // If the harness dies without stop(), do not leave a server running.
  const killOnExit = (): void => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const cleanUp = async (): Promise<void> => {
    await stopProcess(child, exit, log);
    process.removeListener('exit', killOnExit);
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
