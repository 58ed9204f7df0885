// Real kubectl through APIs as a service: a provider workspace applies an APIResourceSchema and
// an APIExport, a consumer binds it with `kubectl create` and waits for Bound, then creates,
// lists, applies, watches, explains and deletes the bound resource, and finally deletes the
// binding. By default against the reference server; with KH_KUBECTL_APIS_KUBECONFIG (and
// optionally KH_KUBECTL_APIS_CONTEXT) against any endpoint whose kubeconfig can create workspaces
// in root: that is how it was checked on kcp.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { randomSuffix } from '../../suites/framework/names.js';
import { kubeconfigAt } from '../support/kubeconfig-at.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import {
  describeKubectlRun,
  kubectlOk,
  kubectlRunner,
  requireKubectl,
  type KubectlRunner,
} from '../support/kubectl-runner.js';

const schemaAndExport = `apiVersion: apis.kcp.io/v1alpha1
kind: APIResourceSchema
metadata:
  name: v1.gadgets.kh-kubectl.example.io
spec:
  group: kh-kubectl.example.io
  names: {kind: Gadget, listKind: GadgetList, plural: gadgets, singular: gadget}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Color, type: string, jsonPath: .spec.color}
    schema:
      type: object
      properties:
        spec:
          type: object
          description: What the gadget is like.
          properties:
            color: {type: string, description: The gadget's color.}
---
apiVersion: apis.kcp.io/v1alpha2
kind: APIExport
metadata:
  name: gadgets
spec:
  resources:
  - {group: kh-kubectl.example.io, name: gadgets, schema: v1.gadgets.kh-kubectl.example.io, storage: {crd: {}}}
`;

const gadget = (name: string, color: string) =>
  `apiVersion: kh-kubectl.example.io/v1\nkind: Gadget\nmetadata: {name: ${name}, namespace: default}\nspec: {color: ${color}}\n`;

describe('kubectl with APIExports and APIBindings: provider exports, consumer binds and uses', function () {
  this.timeout(240_000);
  let directory: string | undefined;
  let server: ServerProcess | undefined;
  let root: KubectlRunner;
  let provider: KubectlRunner;
  let consumer: KubectlRunner;
  const parent = `kh-kubectl-apis-${randomSuffix()}`;

  const ok = kubectlOk;

  before(async function () {
    requireKubectl(this);
    directory = await mkdtemp(join(tmpdir(), 'kcp-harness-kubectl-apis-'));
    let kubeconfig = process.env.KH_KUBECTL_APIS_KUBECONFIG;
    const context = kubeconfig ? process.env.KH_KUBECTL_APIS_CONTEXT : undefined;
    if (!kubeconfig) {
      server = await startServerProcess({ rootDirectory: join(directory, 'server') });
      kubeconfig = server.kubeconfigPath;
    }
    const cacheDir = join(directory, 'cache');
    root = kubectlRunner({ kubeconfig, ...(context ? { context } : {}), cacheDir });
    const ws = (name: string) =>
      `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: ${name}\n`;
    await ok(root, ['create', '-f', '-'], ws(parent));
    await ok(
      root,
      ['wait', '--for=jsonpath={.status.phase}=Ready', `workspace/${parent}`, '--timeout=90s'],
      undefined,
      100_000,
    );
    const parentConfig = join(directory, 'parent.kubeconfig');
    await writeFile(parentConfig, kubeconfigAt(kubeconfig, context, `root:${parent}`), { mode: 0o600 });
    const inParent = kubectlRunner({ kubeconfig: parentConfig, cacheDir });
    await ok(inParent, ['create', '-f', '-'], `${ws('provider')}---\n${ws('consumer')}`);
    await ok(
      inParent,
      [
        'wait',
        '--for=jsonpath={.status.phase}=Ready',
        'workspace/provider',
        'workspace/consumer',
        '--timeout=90s',
      ],
      undefined,
      100_000,
    );
    for (const [name, set] of [
      ['provider', (r: KubectlRunner) => (provider = r)],
      ['consumer', (r: KubectlRunner) => (consumer = r)],
    ] as const) {
      const file = join(directory, `${name}.kubeconfig`);
      await writeFile(file, kubeconfigAt(kubeconfig, context, `root:${parent}:${name}`), { mode: 0o600 });
      set(kubectlRunner({ kubeconfig: file, cacheDir: join(cacheDir, name) }));
    }
  });

  after(async function () {
    if (root) await root.run(['delete', 'workspace', parent, '--wait=false']).catch(() => undefined);
    await server?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('applies an APIResourceSchema and an APIExport, which gets an identity', async () => {
    const applied = await ok(provider, ['apply', '-f', '-'], schemaAndExport);
    expect(applied.stdout).to.match(
      /apiresourceschema\.apis\.kcp\.io\/v1\.gadgets\.kh-kubectl\.example\.io created/,
    );
    expect(applied.stdout).to.match(/apiexport\.apis\.kcp\.io\/gadgets created/);
    await ok(
      provider,
      [
        'wait',
        '--for=jsonpath={.status.conditions[?(@.type=="IdentityValid")].status}=True',
        'apiexport/gadgets',
        '--timeout=60s',
      ],
      undefined,
      70_000,
    );
    const hash = await ok(provider, ['get', 'apiexport', 'gadgets', '-o', 'jsonpath={.status.identityHash}']);
    expect(hash.stdout).to.match(/^[0-9a-f]{64}$/);
  });

  it('binds it from the consumer and waits for Bound; get shows READY True', async () => {
    await ok(
      consumer,
      ['create', '-f', '-'],
      `apiVersion: apis.kcp.io/v1alpha2\nkind: APIBinding\nmetadata: {name: gadgets}\nspec:\n  reference:\n    export: {path: "root:${parent}:provider", name: gadgets}\n`,
    );
    await ok(
      consumer,
      ['wait', '--for=jsonpath={.status.phase}=Bound', 'apibinding/gadgets', '--timeout=60s'],
      undefined,
      70_000,
    );
    const listed = await ok(consumer, ['get', 'apibindings', 'gadgets']);
    expect(listed.stdout).to.match(/^NAME\s+AGE\s+READY\s*\n/);
    expect(listed.stdout).to.match(/\ngadgets\s+\S+\s+True\s*\n/);
    const described = await ok(consumer, ['describe', 'apibinding', 'gadgets']);
    expect(described.stdout).to.match(/Phase:\s+Bound/);
  });

  it('lists the bound resource in api-resources and explains it', async () => {
    const resources = await ok(consumer, ['api-resources', '--api-group', 'kh-kubectl.example.io']);
    expect(resources.stdout).to.match(/\ngadgets\s+kh-kubectl\.example\.io\/v1\s+true\s+Gadget\s*\n/);
    const explained = await ok(consumer, ['explain', 'gadgets.spec.color']);
    expect(explained.stdout).to.match(/The gadget's color\./);
  });

  it('creates, lists with the printer columns, applies server-side and watches gadgets', async () => {
    await ok(consumer, ['create', '-f', '-'], gadget('red-one', 'red'));
    const listed = await ok(consumer, ['get', 'gadgets', '-n', 'default']);
    expect(listed.stdout).to.match(/^NAME\s+COLOR\s*\n/);
    expect(listed.stdout).to.match(/\nred-one\s+red\s*\n/);
    const applied = await ok(consumer, ['apply', '--server-side', '-f', '-'], gadget('blue-one', 'blue'));
    expect(applied.stdout).to.match(/gadget\.kh-kubectl\.example\.io\/blue-one serverside-applied/);
    const pending = new Promise((resolve) => setTimeout(resolve, 2500)).then(() =>
      consumer.run(['create', '-f', '-'], { stdin: gadget('green-one', 'green') }),
    );
    const watched = await consumer.run(['get', 'gadgets', '-n', 'default', '--watch-only', '-o', 'name'], {
      timeoutMs: 6000,
    });
    const created = await pending;
    expect(created.code, describeKubectlRun(['create green-one'], created)).to.equal(0);
    expect(watched.code, 'the watch is stopped at its bound').to.equal(null);
    expect(watched.stdout).to.match(/gadget\.kh-kubectl\.example\.io\/green-one/);
    const provided = await provider.run(['get', 'gadgets', '-n', 'default']);
    expect(provided.code, 'the provider does not serve the resource it exports').to.not.equal(0);
  });

  it('deleting the binding deletes the gadgets and the resource goes from discovery', async () => {
    await ok(consumer, ['delete', 'apibinding', 'gadgets', '--timeout=60s'], undefined, 70_000);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const resources = await consumer.run([
        'api-resources',
        '--api-group',
        'kh-kubectl.example.io',
        '--cached=false',
      ]);
      if (resources.code === 0 && !/gadgets/.test(resources.stdout)) break;
      if (Date.now() > deadline) expect.fail(describeKubectlRun(['api-resources'], resources));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
});
