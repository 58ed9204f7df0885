// CustomResourceDefinitions on the reference server, end to end: a CRD created, Established and
// served; custom objects through create/get/list/update/delete with schema validation (422),
// pruning (warnings, Strict), defaulting, status and scale subresources, printer columns in
// Table output, two versions; a schema change in force at the next request; a watch that spans
// it; deleting the CRD removes its instances; a CRD of one workspace is 404 in a sibling.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { eventually } from '../../suites/framework/eventually.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { mergePatch } from '../../suites/framework/kube.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const WS = '/apis/tenancy.kcp.io/v1alpha1/workspaces';
const GROUP = 'stable.example.com';
const NAME = `widgets.${GROUP}`;

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; generation?: number; finalizers?: string[]; resourceVersion?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown> & { conditions?: Condition[] };
}

function widgetCrd(sizeType = 'string') {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: NAME },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'], categories: ['all'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: sizeType, default: sizeType === 'string' ? 'small' : 1 },
                    replicas: { type: 'integer', minimum: 0 },
                  },
                },
                status: { type: 'object', properties: { replicas: { type: 'integer' } } },
              },
            },
          },
          subresources: {
            status: {},
            scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
          },
          additionalPrinterColumns: [{ name: 'Size', type: 'string', jsonPath: '.spec.size' }],
          selectableFields: [{ jsonPath: '.spec.size' }],
        },
        {
          name: 'v2',
          served: true,
          storage: false,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

describe('CustomResourceDefinitions on the reference server', function () {
  this.timeout(120_000);
  let env: ServerWithClients | undefined;
  let root: ClusterClient;
  const widgets = (version = 'v1') => `/apis/${GROUP}/${version}/namespaces/default/widgets`;
  const widget = (name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    apiVersion: `${GROUP}/v1`,
    kind: 'Widget',
    metadata: { name },
    spec,
    ...extra,
  });

  async function establish(client: ClusterClient, body: unknown): Promise<Obj> {
    const created = await client.post<Obj>(CRDS, body);
    expect(created.status, created.text).to.equal(201);
    let crd: Obj | undefined;
    await eventually(
      async () => {
        const r = await client.get<Obj>(`${CRDS}/${NAME}`);
        expect(r.body.status?.conditions?.find((c) => c.type === 'Established')?.status).to.equal('True');
        crd = r.body;
      },
      { timeoutMs: 10_000, intervalMs: 50, consecutive: 1, description: 'CRD Established' },
    );
    return crd!;
  }

  before(async function () {
    env = await startServerWithClients('crds');
    root = await env.client('root');
  });
  after(async () => env?.stop());

  it('is 404 before the CRD exists, then served once Established, in discovery with its names', async function () {
    expect((await root.get(widgets())).status).to.equal(404);
    const crd = await establish(root, widgetCrd());
    expect(crd.status?.conditions?.find((c) => c.type === 'NamesAccepted')).to.include({
      status: 'True',
      reason: 'NoConflicts',
      message: 'no conflicts found',
    });
    expect(crd.status?.storedVersions).to.deep.equal(['v1']);
    const discovery = await root.get<{ resources: { name: string; shortNames?: string[]; kind: string }[] }>(
      `/apis/${GROUP}/v1`,
    );
    expect(discovery.body.resources.map((r) => r.name)).to.deep.equal([
      'widgets',
      'widgets/status',
      'widgets/scale',
    ]);
    expect(discovery.body.resources[0]).to.include({ kind: 'Widget' });
    expect(discovery.body.resources[0]!.shortNames).to.deep.equal(['wd']);
    const table = await root.get<{ columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] }>(
      CRDS,
      {
        headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
      },
    );
    expect(table.body.columnDefinitions.map((c) => c.name)).to.deep.equal(['Name', 'Created At']);
  });

  it('validates, prunes and defaults custom objects', async function () {
    const bad = await root.post<{ code: number; reason: string; details: { causes: { field: string }[] } }>(
      widgets(),
      widget('bad', { size: 3, replicas: -1 }),
    );
    expect(bad.status, bad.text).to.equal(422);
    expect(bad.body.reason).to.equal('Invalid');
    expect(bad.body.details.causes.map((c) => c.field)).to.include.members(['spec.size', 'spec.replicas']);

    const created = await root.post<Obj>(widgets(), widget('a', { replicas: 1, junk: true }, { extra: 1 }));
    expect(created.status, created.text).to.equal(201);
    expect(created.headers.warning).to.include('unknown field \\"spec.junk\\"');
    expect(created.body.spec).to.deep.equal({ replicas: 1, size: 'small' });
    expect(created.body).not.to.have.property('extra');
    expect(created.body.metadata.generation).to.equal(1);

    const strict = await root.post(widgets(), widget('s', { junk: 1 }), {
      query: { fieldValidation: 'Strict' },
    });
    expect(strict.status, strict.text).to.equal(400);
  });

  it('keeps status apart, bumps generation on spec changes, and serves /scale', async function () {
    const current = (await root.get<Obj>(`${widgets()}/a`)).body;
    const put = await root.put<Obj>(`${widgets()}/a`, {
      ...current,
      spec: { replicas: 2 },
      status: { replicas: 9 },
    });
    expect(put.status, put.text).to.equal(200);
    expect(put.body.status).to.equal(undefined);
    expect(put.body.metadata.generation).to.equal(2);
    const status = await mergePatch<Obj>(root, `${widgets()}/a/status`, {
      status: { replicas: 2, bogus: 1 },
    });
    expect(status.status, status.text).to.equal(200);
    expect(status.body.status).to.deep.equal({ replicas: 2 });
    expect(status.body.metadata.generation).to.equal(2);

    const scale = await root.get<{ spec: { replicas: number }; status: { replicas: number } }>(
      `${widgets()}/a/scale`,
    );
    expect(scale.body).to.deep.include({ kind: 'Scale', apiVersion: 'autoscaling/v1' });
    expect(scale.body.spec).to.deep.equal({ replicas: 2 });
    expect(scale.body.status).to.deep.equal({ replicas: 2 });
    const scaled = await mergePatch(root, `${widgets()}/a/scale`, { spec: { replicas: 4 } });
    expect(scaled.status, scaled.text).to.equal(200);
    expect((await root.get<Obj>(`${widgets()}/a`)).body.spec).to.deep.include({ replicas: 4 });
    const negative = await mergePatch(root, `${widgets()}/a/scale`, { spec: { replicas: -1 } });
    expect(negative.status, negative.text).to.equal(422);
  });

  it('serves printer columns, field selectors and both versions', async function () {
    const table = await root.get<{ columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] }>(
      widgets(),
      { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } },
    );
    expect(table.body.columnDefinitions.map((c) => c.name)).to.deep.equal(['Name', 'Size']);
    expect(table.body.rows.map((r) => r.cells)).to.deep.equal([['a', 'small']]);
    const selected = await root.get<{ items: Obj[] }>(widgets(), {
      query: { fieldSelector: 'spec.size=small' },
    });
    expect(selected.body.items.map((o) => o.metadata.name)).to.deep.equal(['a']);
    const none = await root.get<{ items: Obj[] }>(widgets(), { query: { fieldSelector: 'spec.size=large' } });
    expect(none.body.items).to.deep.equal([]);
    const unknown = await root.get<{ message: string }>(widgets(), {
      query: { fieldSelector: 'spec.nope=x' },
    });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.message).to.equal('field label not supported: spec.nope');
    const v2 = await root.get<Obj>(`${widgets('v2')}/a`);
    expect(v2.body.apiVersion).to.equal(`${GROUP}/v2`);
    const viaV2 = await root.post<Obj>(widgets('v2'), {
      ...widget('b', { anything: 'goes' }),
      apiVersion: `${GROUP}/v2`,
    });
    expect(viaV2.status, viaV2.text).to.equal(201);
    const inV1 = await root.get<Obj>(`${widgets()}/b`);
    expect(inV1.body.apiVersion).to.equal(`${GROUP}/v1`);
  });

  it('applies a CRD update at the next request, while a watch keeps streaming', async function () {
    const watch = await root.watch({ path: widgets() });
    try {
      const crd = (await root.get<Obj>(`${CRDS}/${NAME}`)).body;
      const spec = widgetCrd().spec;
      spec.versions[0]!.additionalPrinterColumns = [
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      ];
      const updated = await root.put<Obj>(`${CRDS}/${NAME}`, { ...crd, spec });
      expect(updated.status, updated.text).to.equal(200);
      expect(updated.body.metadata.generation).to.equal(2);
      const table = await root.get<{ columnDefinitions: { name: string }[] }>(widgets(), {
        headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
      });
      expect(table.body.columnDefinitions.map((c) => c.name)).to.deep.equal(['Name', 'Replicas']);
      const c = await root.post(widgets(), widget('c', {}));
      expect(c.status, c.text).to.equal(201);
      // The watch opened before the update delivers the object created after it.
      const seen = await watch.nextMatching((e) => (e.object as unknown as Obj).metadata.name === 'c', 5_000);
      expect(seen.type).to.equal('ADDED');
    } finally {
      watch.close();
    }
  });

  it('keeps a CRD of one workspace out of its siblings', async function () {
    for (const name of ['crd-a', 'crd-b'])
      expect(
        (
          await root.post(WS, {
            apiVersion: 'tenancy.kcp.io/v1alpha1',
            kind: 'Workspace',
            metadata: { name },
          })
        ).status,
      ).to.equal(201);
    const a = root.at(root.baseUrl.replace(/\/clusters\/root$/, '/clusters/root:crd-a'));
    const b = root.at(root.baseUrl.replace(/\/clusters\/root$/, '/clusters/root:crd-b'));
    await eventually(
      async () => {
        expect((await a.get('/api/v1/namespaces/default')).status).to.equal(200);
        expect((await b.get('/api/v1/namespaces/default')).status).to.equal(200);
      },
      { timeoutMs: 30_000, intervalMs: 100, consecutive: 1, description: 'workspaces ready' },
    );
    await establish(a, widgetCrd());
    expect((await a.post(widgets(), widget('x', {}))).status).to.equal(201);
    expect((await b.get(widgets())).status).to.equal(404);
    expect((await b.get(`${CRDS}/${NAME}`)).status).to.equal(404);
    // The same group and resource in B, with another schema.
    await establish(b, widgetCrd('integer'));
    expect((await b.post(widgets(), widget('y', { size: 'big' }))).status).to.equal(422);
    expect((await b.post(widgets(), widget('y', { size: 2 }))).status).to.equal(201);
  });

  it('deletes the instances of a deleted CRD, then the CRD, and stops serving it', async function () {
    const deleting = await root.delete<Obj>(`${CRDS}/${NAME}`);
    expect(deleting.status, deleting.text).to.equal(200);
    expect(deleting.body.metadata.finalizers).to.deep.equal(['customresourcecleanup.apiextensions.k8s.io']);
    await eventually(async () => expect((await root.get(`${CRDS}/${NAME}`)).status).to.equal(404), {
      timeoutMs: 10_000,
      intervalMs: 50,
      consecutive: 1,
      description: 'CRD gone',
    });
    expect((await root.get(widgets())).status).to.equal(404);
    // Re-created, the CRD starts empty: the old instances were deleted, not hidden.
    await establish(root, widgetCrd());
    const list = await root.get<{ items: Obj[] }>(widgets());
    expect(list.status, list.text).to.equal(200);
    expect(list.body.items).to.deep.equal([]);
  });
  it('works with kubectl: apply, wait for Established, get by short name, scale, delete', async function () {
    if (!existsSync(KUBECTL)) {
      if (process.env.CI === 'true')
        throw new Error(`kubectl is required in CI and was not found at ${KUBECTL}`);
      this.skip();
    }
    const dir = await mkdtemp(join(tmpdir(), 'kh-crds-kubectl-'));
    const kubectl = async (...args: string[]) =>
      (await run(KUBECTL, ['--kubeconfig', env!.server.kubeconfigPath, '--context', 'root', ...args])).stdout;
    try {
      // One served version, so that kubectl's preferred version has the scale subresource.
      const gadgets = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `gadgets.${GROUP}` },
        spec: {
          group: GROUP,
          scope: 'Namespaced',
          names: { plural: 'gadgets', kind: 'Gadget', shortNames: ['gd'] },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: { type: 'object', properties: { replicas: { type: 'integer' } } },
                    status: { type: 'object', properties: { replicas: { type: 'integer' } } },
                  },
                },
              },
              subresources: {
                status: {},
                scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
              },
              additionalPrinterColumns: [{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' }],
            },
          ],
        },
      };
      await writeFile(join(dir, 'crd.json'), JSON.stringify(gadgets));
      await writeFile(
        join(dir, 'g.json'),
        JSON.stringify({
          apiVersion: `${GROUP}/v1`,
          kind: 'Gadget',
          metadata: { name: 'g1' },
          spec: { replicas: 1 },
        }),
      );
      await kubectl('apply', '-f', join(dir, 'crd.json'));
      await kubectl('wait', '--for', 'condition=Established', '--timeout=20s', `crd/gadgets.${GROUP}`);
      expect(await kubectl('get', 'crd', `gadgets.${GROUP}`)).to.match(/^NAME\s+CREATED AT\n/);
      await kubectl('apply', '-f', join(dir, 'g.json'));
      expect(await kubectl('scale', 'gadget', 'g1', '--replicas=3')).to.include('scaled');
      expect(await kubectl('get', 'gd')).to.match(/^NAME\s+REPLICAS\ng1\s+3\n$/);
      await kubectl('delete', 'crd', `gadgets.${GROUP}`);
      expect((await root.get(`/apis/${GROUP}/v1/namespaces/default/gadgets`)).status).to.equal(404);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
