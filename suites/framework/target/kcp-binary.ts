// The kcp-binary target: spawns a kcp the user supplies as `PATH start` in a fresh root directory
// on free ports, waits for the admin.kubeconfig it writes (as `kcp start` does) and then for
// /readyz, and uses its context `root`. Stopping sends SIGTERM, SIGKILL after a grace period, and
// removes the directory.
//
// Our own CLI works here too (`kcp-harness start` takes kcp's flag names). tsc does not mark
// dist/scripts/cli.js executable, so a PATH ending in .js/.mjs/.cjs is run with this Node
// (process.execPath) instead of being executed directly; anything else must be executable.
import { constants } from 'node:fs';
import { access, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunLog } from '../run-log.js';
import type { Timeouts } from '../timeouts.js';
import { startSpawnedTarget } from './spawned-target.js';
import type { Target } from './target.js';

const NODE_SCRIPT = /\.[cm]?js$/;

export interface KcpBinaryTargetOptions {
  /** The kcp binary (or a .js entry point with a `start` command taking kcp's flags). */
  binary: string;
  timeouts: Timeouts;
  log: RunLog;
  signal?: AbortSignal;
  /** Appended to the `start` arguments. */
  extraArgs?: string[];
}

/** A port nobody listens on right now: bind :0, read the port, close. Several at once never repeat. */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolvePort, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, host, () => resolvePort(server));
        }),
    ),
  );
  // Every listener stays open until all ports are read, so the kernel cannot hand one out twice.
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

/** How to run PATH: Node scripts through this Node, everything else directly. */
export function commandFor(binary: string, args: string[]): { file: string; args: string[] } {
  return NODE_SCRIPT.test(binary)
    ? { file: process.execPath, args: [binary, ...args] }
    : { file: binary, args };
}

export async function kcpBinaryTarget(options: KcpBinaryTargetOptions): Promise<Target> {
  const { timeouts, log, signal } = options;
  // A path with a directory part is checked up front for a clear message; a bare name is looked up in PATH.
  const binary = options.binary.includes('/') ? resolve(options.binary) : options.binary;
  if (binary.includes('/')) {
    const mode = NODE_SCRIPT.test(binary) ? constants.R_OK : constants.X_OK;
    await access(binary, mode).catch(() => {
      throw new Error(
        `--kcp-binary ${binary}: not ${mode === constants.X_OK ? 'an executable' : 'a readable'} file`,
      );
    });
  }
  const rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-kcp-'));
  const [securePort, etcdClientPort, etcdPeerPort] = await freePorts(3);
  const args = [
    'start',
    '--root-directory',
    rootDirectory,
    '--secure-port',
    String(securePort),
    '--bind-address',
    '127.0.0.1',
    // kcp runs an embedded etcd on fixed default ports (2379/2380); free ones let runs coexist.
    '--embedded-etcd-client-port',
    String(etcdClientPort),
    '--embedded-etcd-peer-port',
    String(etcdPeerPort),
    ...(options.extraArgs ?? []),
  ];
  const command = commandFor(binary, args);
  return startSpawnedTarget({
    kind: 'kcp-binary',
    name: 'kcp',
    describe: `kcp ${binary}`,
    file: command.file,
    args: command.args,
    rootDirectory,
    timeouts,
    log,
    ...(signal ? { signal } : {}),
  });
}
