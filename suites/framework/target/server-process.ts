// A server process the harness spawned (our reference server, or a kcp binary): its output goes
// to the run log line by line, it runs in its own process group (a terminal Ctrl-C reaches the
// harness only, which cleans up and then stops the server), it is stopped with SIGTERM and,
// after a grace period, SIGKILL, and it never outlives the harness.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { RunLog } from '../run-log.js';

const STOP_GRACE_MS = 10_000;

export interface SpawnedServer {
  child: ChildProcess;
  /** Resolves with how the process ended ("code 0", "signal SIGTERM", "spawn error: ..."). */
  exit: Promise<string>;
  exited(): boolean;
  /** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
  stop(): Promise<void>;
}

export function spawnServer(file: string, args: readonly string[], name: string, log: RunLog): SpawnedServer {
  log.write('harness', `starting ${name}: ${file} ${args.join(' ')}`);
  const child = spawn(file, [...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  for (const [stream, label] of [
    [child.stdout, 'target stdout'],
    [child.stderr, 'target stderr'],
  ] as const) {
    createInterface({ input: stream }).on('line', (line) => log.write(label, line));
  }
  const exit = new Promise<string>((done) => {
    child.once('exit', (code, sig) => done(sig ? `signal ${sig}` : `code ${code}`));
    child.once('error', (error) => done(`spawn error: ${error.message}`));
  });
  void exit.then((how) => log.write('harness', `${name} pid ${child.pid} exited (${how})`));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  // If the harness dies without stop(), do not leave the server running.
  const killOnExit = (): void => {
    if (!exited()) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  return {
    child,
    exit,
    exited,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exited()) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>(
        (done) => (timer = setTimeout(() => done('timeout'), STOP_GRACE_MS)),
      );
      const outcome = await Promise.race([exit, graceOver]);
      clearTimeout(timer);
      if (outcome === 'timeout' && !exited()) {
        log.write(
          'harness',
          `${name} pid ${child.pid} ignored SIGTERM for ${STOP_GRACE_MS} ms; sending SIGKILL`,
        );
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
}
