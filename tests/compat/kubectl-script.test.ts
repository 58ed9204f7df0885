// Issue 6's kubectl script (kubectl-script.ts) run step by step in a fresh workspace: apply
// (client- and server-side, with a conflict and --force-conflicts), the three patch types,
// output formats, selectors, explain (from /openapi/v3 and, in protobuf, /openapi/v2), a List
// created and applied, a foreground cascade, a CRD and its objects through their lifecycle, and a
// bounded watch. By default against the reference server; with
// KH_KUBECTL_SCRIPT_KUBECONFIG (and optionally KH_KUBECTL_SCRIPT_CONTEXT) against any endpoint
// whose kubeconfig can create workspaces in root — that is how the script was checked on kcp.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { randomSuffix } from '../../suites/framework/names.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import {
  describeKubectlRun,
  KUBECTL,
  kubectlRunner,
  type KubectlRun,
  type KubectlRunner,
} from '../support/kubectl-runner.js';
import { kubeconfigAt } from '../support/kubeconfig-at.js';
import { kubectlScript, OWNER_UID, type ScriptStep } from './kubectl-script.js';

const EVENTUALLY_MS = 30_000;

function matches(step: ScriptStep, run: KubectlRun): string | undefined {
  const code = step.code ?? 0;
  if (code === 'killed' ? run.code !== null : run.code !== code) return `exit code ${run.code}, want ${code}`;
  for (const re of step.stdout ?? []) if (!re.test(run.stdout)) return `stdout does not match ${re}`;
  for (const re of step.stderr ?? []) if (!re.test(run.stderr)) return `stderr does not match ${re}`;
  return undefined;
}

describe('kubectl script (issue 6): one workspace through apply, patch, explain, cascade, CRD, watch', function () {
  this.timeout(240_000);
  let directory: string | undefined;
  let server: ServerProcess | undefined;
  let root: KubectlRunner;
  let ws: KubectlRunner;
  const name = `kh-kubectl-${randomSuffix()}`;

  before(async function () {
    if (!existsSync(KUBECTL)) {
      if (process.env.CI === 'true')
        throw new Error(`kubectl is required in CI but ${KUBECTL} does not exist`);
      console.log(`    skipping the kubectl script: ${KUBECTL} not found (required only when CI=true)`);
      this.skip();
    }
    directory = await mkdtemp(join(tmpdir(), 'kcp-harness-kubectl-script-'));
    let kubeconfig = process.env.KH_KUBECTL_SCRIPT_KUBECONFIG;
    const context = kubeconfig ? process.env.KH_KUBECTL_SCRIPT_CONTEXT : undefined;
    if (!kubeconfig) {
      server = await startServerProcess({ rootDirectory: join(directory, 'server') });
      kubeconfig = server.kubeconfigPath;
    }
    const cacheDir = join(directory, 'cache');
    root = kubectlRunner({ kubeconfig, ...(context ? { context } : {}), cacheDir });
    const created = await root.run(['create', '-f', '-'], {
      stdin: `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: ${name}\n`,
    });
    expect(created.code, describeKubectlRun(['create workspace'], created)).to.equal(0);
    const ready = await root.run(
      ['wait', '--for=jsonpath={.status.phase}=Ready', `workspace/${name}`, '--timeout=60s'],
      { timeoutMs: 70_000 },
    );
    expect(ready.code, describeKubectlRun(['wait workspace'], ready)).to.equal(0);
    const wsKubeconfig = join(directory, 'workspace.kubeconfig');
    await writeFile(wsKubeconfig, kubeconfigAt(kubeconfig, context, `root:${name}`), { mode: 0o600 });
    ws = kubectlRunner({ kubeconfig: wsKubeconfig, cacheDir });
  });

  after(async function () {
    if (root) await root.run(['delete', 'workspace', name, '--wait=false']).catch(() => undefined);
    await server?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  for (const step of kubectlScript) {
    it(step.title, async () => {
      let stdin = step.stdin;
      if (stdin?.includes(OWNER_UID)) {
        const uid = await ws.run(['get', 'cm', 'kh-owner', '-o', 'jsonpath={.metadata.uid}']);
        expect(uid.code, describeKubectlRun(['get owner uid'], uid)).to.equal(0);
        stdin = stdin.replace(OWNER_UID, uid.stdout.trim());
      }
      const deadline = Date.now() + (step.eventually ? EVENTUALLY_MS : 0);
      for (;;) {
        const during = step.during;
        const pending = during
          ? new Promise<KubectlRun>((resolve) =>
              setTimeout(() => resolve(ws.run(during.args)), during.startAfterMs),
            )
          : undefined;
        const run = await ws.run(step.args, {
          ...(stdin !== undefined ? { stdin } : {}),
          ...(step.watchMs ? { timeoutMs: step.watchMs } : {}),
        });
        if (pending) {
          const side = await pending;
          expect(side.code, describeKubectlRun(during!.args, side)).to.equal(0);
        }
        const problem = matches(step, run);
        if (!problem) return;
        if (Date.now() > deadline) expect.fail(`${problem}\n${describeKubectlRun(step.args, run)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    });
  }
});
