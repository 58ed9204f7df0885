// Runs the real kubectl binary with a kubeconfig and a private discovery cache, collecting its
// output. Shared by the kubectl compatibility tests; a run that hangs is killed after its
// timeout (watches are bounded that way on purpose).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const KUBECTL = '/usr/bin/kubectl';

export interface KubectlRun {
  /** Exit code; null when the run was killed at its timeout. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface KubectlRunner {
  run(args: string[], options?: { stdin?: string; timeoutMs?: number }): Promise<KubectlRun>;
}

export function kubectlRunner(base: {
  kubeconfig: string;
  context?: string;
  cacheDir: string;
}): KubectlRunner {
  const baseArgs = [
    '--kubeconfig',
    base.kubeconfig,
    ...(base.context ? ['--context', base.context] : []),
    '--cache-dir',
    base.cacheDir,
  ];
  return {
    run: (args, options = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(KUBECTL, [...baseArgs, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
        child.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        child.once('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
        child.stdin.end(options.stdin ?? '');
      }),
  };
}

export function describeKubectlRun(args: string[], run: KubectlRun): string {
  return `kubectl ${args.join(' ')} exited ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
}

/** Runs kubectl and fails (naming the command and its output) unless it exits 0. */
export async function kubectlOk(
  runner: KubectlRunner,
  args: string[],
  stdin?: string,
  timeoutMs?: number,
): Promise<KubectlRun> {
  const run = await runner.run(args, {
    ...(stdin !== undefined ? { stdin } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  if (run.code !== 0) throw new Error(describeKubectlRun(args, run));
  return run;
}

/** In a mocha before(): fails in CI, skips elsewhere, when the kubectl binary is missing. */
export function requireKubectl(context: Mocha.Context): void {
  if (existsSync(KUBECTL)) return;
  if (process.env.CI === 'true') throw new Error(`kubectl is required in CI but ${KUBECTL} does not exist`);
  console.log(`    skipping: ${KUBECTL} not found (required only when CI=true)`);
  context.skip();
}
