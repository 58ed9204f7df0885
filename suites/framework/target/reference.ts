// The reference target: spawns our own server (`kcp-harness serve`) in a fresh root directory,
// waits for the admin.kubeconfig it writes once listening (as kcp does), then for /readyz.
// Stopping sends SIGTERM, SIGKILL after a grace period, and removes the directory.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunLog } from '../run-log.js';
import type { Timeouts } from '../timeouts.js';
import { startSpawnedTarget } from './spawned-target.js';
import type { Target } from './target.js';

/** scripts/cli.ts when we run from sources (tsx), dist/scripts/cli.js when built. */
export function referenceCliPath(): string {
  const self = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`../../../scripts/cli${extname(self)}`, import.meta.url));
}

export interface ReferenceTargetOptions {
  timeouts: Timeouts;
  log: RunLog;
  signal?: AbortSignal;
  /** Appended to `serve`'s flags. */
  serverArgs?: readonly string[];
}

export async function referenceTarget({
  timeouts,
  log,
  signal,
  serverArgs = [],
}: ReferenceTargetOptions): Promise<Target> {
  const rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-reference-'));
  const args = [
    ...process.execArgv,
    referenceCliPath(),
    'serve',
    '--root-directory',
    rootDirectory,
    '--secure-port',
    '0',
    ...serverArgs,
  ];
  return startSpawnedTarget({
    kind: 'reference',
    name: 'reference server',
    // Flags beyond the defaults change what the server does (e.g. a shorter bookmark interval): the report says so.
    describe: serverArgs.length > 0 ? `reference server (serve ${serverArgs.join(' ')})` : 'reference server',
    file: process.execPath,
    args,
    rootDirectory,
    timeouts,
    log,
    ...(signal ? { signal } : {}),
  });
}
