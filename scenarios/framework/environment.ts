// Where a result was measured: the machine, Node, and which harness build. A comparison of two
// results is only fair when a reader can see that these match (or see that they do not).
import { execFile } from 'node:child_process';
import { cpus, hostname, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { harnessVersion } from '../../reference-server/src/server/version.js';
import type { EnvironmentInfo } from './result.js';

const run = promisify(execFile);

/** The commit the harness runs from, when it runs from a git checkout and git is installed. */
export async function harnessCommit(): Promise<string | undefined> {
  try {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const { stdout } = await run('git', ['rev-parse', 'HEAD'], { cwd: here, timeout: 5_000 });
    const commit = stdout.trim();
    if (!/^[0-9a-f]{40}$/.test(commit)) return undefined;
    // A dirty tree means the numbers come from code no commit holds; say so.
    const status = await run('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: here,
      timeout: 5_000,
    });
    return status.stdout.trim() === '' ? commit : `${commit}-dirty`;
  } catch {
    return undefined;
  }
}

/** driver: which load generator produced the numbers, e.g. "node" or "autocannon 8.0.0". */
export async function collectEnvironment(driver = 'node'): Promise<EnvironmentInfo> {
  const processors = cpus();
  const commit = await harnessCommit();
  return {
    hostname: hostname(),
    platform: process.platform,
    arch: process.arch,
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    harnessVersion,
    ...(commit ? { harnessCommit: commit } : {}),
    driver,
  };
}
