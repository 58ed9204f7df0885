// Which version of the suite produced a report: package.json's version and, when the sources
// are a git checkout with commits, the commit.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SuiteInfo } from '../../reports/conformance/model.js';

const run = promisify(execFile);

/** The directory holding kcp-harness's package.json, found from this module (works from src and dist). */
export async function repositoryRoot(): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'kcp-harness') return dir;
    } catch {
      // not here; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the kcp-harness package.json above this module');
    dir = parent;
  }
}

export async function suiteInfo(): Promise<SuiteInfo> {
  const root = await repositoryRoot();
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const info: SuiteInfo = { name: pkg.name, version: pkg.version };
  try {
    const { stdout } = await run('git', ['rev-parse', 'HEAD'], { cwd: root, timeout: 5_000 });
    if (/^[0-9a-f]{40}$/.test(stdout.trim())) info.gitCommit = stdout.trim();
  } catch {
    // not a git checkout, or no commits yet: the version alone identifies the suite
  }
  return info;
}
