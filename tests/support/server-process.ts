// Runs the reference server as a child process on a root directory the caller owns, so a test
// can stop, SIGKILL and restart it on the same directory. (suites' referenceTarget always uses
// a fresh temporary directory and removes it, which is what conformance runs want.)
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { get } from 'node:https';
import { parse } from 'yaml';
import { referenceCliPath } from '../../suites/framework/target/reference.js';

const STOP_GRACE_MS = 10_000;
const DEFAULT_START_TIMEOUT_MS = 30_000;
const POLL_MS = 50;

export interface ServerProcess {
  /** Origin, e.g. https://127.0.0.1:41234 (the `base` cluster of admin.kubeconfig). */
  url: string;
  kubeconfigPath: string;
  pid: number;
  /** SIGTERM, then SIGKILL if it has not exited after 10 s. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL now, as a crash would; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** Everything the process wrote to stdout and stderr so far, for failure messages. */
  output(): string;
}

export interface StartOptions {
  rootDirectory: string;
  extraArgs?: string[];
  startTimeoutMs?: number;
}

interface KubeconfigDoc {
  clusters?: { name: string; cluster?: { server?: string; 'certificate-authority-data'?: string } }[];
}

/** The base URL and CA of a kubeconfig the server wrote, or undefined while it is not there yet. */
async function readKubeconfig(path: string): Promise<{ text: string; url: string; ca: string } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let doc: KubeconfigDoc;
  try {
    doc = parse(text) as KubeconfigDoc;
  } catch {
    return undefined;
  }
  const base = doc.clusters?.find((c) => c.name === 'base')?.cluster;
  if (!base?.server || !base['certificate-authority-data']) return undefined;
  return {
    text,
    url: base.server,
    ca: Buffer.from(base['certificate-authority-data'], 'base64').toString('utf8'),
  };
}

/** GET /readyz, verifying the serving certificate against the kubeconfig's CA. */
function isReady(url: string, ca: string): Promise<boolean> {
  // node:https, not undici: the installed undici 8 needs Node >= 22.19 and cannot load on Node 20.
  return new Promise((resolve) => {
    const req = get(`${url}/readyz`, { ca, agent: false, timeout: 2_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(response.statusCode === 200 && body.trim() === 'ok'));
      response.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function startServerProcess({
  rootDirectory,
  extraArgs = [],
  startTimeoutMs = DEFAULT_START_TIMEOUT_MS,
}: StartOptions): Promise<ServerProcess> {
  const kubeconfigPath = join(rootDirectory, 'admin.kubeconfig');
  // On a restart the previous run's kubeconfig is still there (the server reads it to keep the
  // shard-admin token), so "the file exists" does not mean "this process is listening". Every
  // start writes a new kcp-admin token, so we wait for different content instead.
  const previous = (await readKubeconfig(kubeconfigPath))?.text;

  const cli = referenceCliPath();
  const loader = cli.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const args = [
    ...loader,
    cli,
    'serve',
    '--root-directory',
    rootDirectory,
    '--secure-port',
    '0',
    ...extraArgs,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      output += `\nspawn error: ${error.message}\n`;
      resolve();
    });
  });
  // A harness that dies without calling stop() must not leave a server behind.
  const killOnExit = (): void => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    if (!exited(child)) {
      child.kill('SIGTERM');
      const outcome = await Promise.race([
        exit.then(() => 'exited'),
        delay(STOP_GRACE_MS, 'timeout', { ref: false }),
      ]);
      if (outcome === 'timeout' && !exited(child)) child.kill('SIGKILL');
    }
    await exit;
    process.removeListener('exit', killOnExit);
  };
  const kill9 = async (): Promise<void> => {
    if (!exited(child)) child.kill('SIGKILL');
    await exit;
    process.removeListener('exit', killOnExit);
  };

  const deadline = Date.now() + startTimeoutMs;
  try {
    let url: string | undefined;
    for (;;) {
      if (exited(child)) throw new Error('server exited during start-up');
      if (Date.now() > deadline) throw new Error(`server not ready within ${startTimeoutMs} ms`);
      const written = await readKubeconfig(kubeconfigPath);
      if (written && written.text !== previous && (await isReady(written.url, written.ca))) {
        url = written.url;
        break;
      }
      await delay(POLL_MS);
    }
    if (child.pid === undefined) throw new Error('server process has no pid');
    return { url, kubeconfigPath, pid: child.pid, stop, kill9, output: () => output };
  } catch (error) {
    await kill9();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${reason}; command: ${process.execPath} ${args.join(' ')}\n--- server output ---\n${output}`,
      { cause: error },
    );
  }
}
