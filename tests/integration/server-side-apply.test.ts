// Server-side apply and managedFields over HTTPS on the reference server, and with the real
// kubectl (`apply --server-side`, `--force-conflicts`, client-side `apply`). Expected answers are
// what kcp answered for the same requests (see the task report).
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';

interface Entry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}
interface Obj {
  metadata: {
    name: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    managedFields?: Entry[];
  };
  data?: Record<string, string>;
  status?: unknown;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: unknown[] };
}

const applyType = { 'content-type': 'application/apply-patch+yaml' };
const managers = (o: Obj) => (o.metadata.managedFields ?? []).map((e) => `${e.manager}/${e.operation}`);

describe('server-side apply', function () {
  this.timeout(90_000);
  let env: ServerWithClients | undefined;
  let client: ClusterClient;
  const cms = '/api/v1/namespaces/default/configmaps';

  before(async function () {
    env = await startServerWithClients('ssa');
    client = await env.client();
  });
  after(async () => env?.stop());

  const apply = (name: string, yaml: string, query: Record<string, string>) =>
    client.request<Obj>({ method: 'PATCH', path: `${cms}/${name}`, body: yaml, headers: applyType, query });
  const cmYaml = (name: string, data: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}`;

  it('creates by apply (201), re-applies without a new resourceVersion, refuses a missing fieldManager', async () => {
    const missing = await apply('c1', cmYaml('c1', '  a: "1"\n'), {});
    expect(missing.status).to.equal(422);
    expect(missing.body.message).to.equal(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    const created = await apply('c1', cmYaml('c1', '  a: "1"\n'), { fieldManager: 'm1' });
    expect(created.status).to.equal(201);
    expect(created.body.metadata.managedFields).to.have.length(1);
    expect(created.body.metadata.managedFields![0]).to.deep.include({
      manager: 'm1',
      operation: 'Apply',
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:a': {} } },
    });
    const second = await apply('c1', cmYaml('c1', '  a: "1"\n'), { fieldManager: 'm1' });
    const third = await apply('c1', cmYaml('c1', '  a: "1"\n'), { fieldManager: 'm1' });
    expect(second.status).to.equal(200);
    expect(third.body.metadata.resourceVersion).to.equal(second.body.metadata.resourceVersion);
  });

  it("answers conflicts with 409 and kube's message, takes ownership with force, removes dropped fields", async () => {
    await apply('c2', cmYaml('c2', '  a: "1"\n  b: "2"\n'), { fieldManager: 'm1' });
    const conflict = await apply('c2', cmYaml('c2', '  a: "9"\n'), { fieldManager: 'm2' });
    expect(conflict.status).to.equal(409);
    expect(conflict.body).to.deep.include({
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "m1": .data.a',
    });
    expect(conflict.body.details).to.deep.equal({
      causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "m1"', field: '.data.a' }],
    });
    const forced = await apply('c2', cmYaml('c2', '  a: "9"\n'), { fieldManager: 'm2', force: 'true' });
    expect(forced.status).to.equal(200);
    expect(forced.body.data).to.deep.equal({ a: '9', b: '2' });
    const m1 = forced.body.metadata.managedFields!.find((e) => e.manager === 'm1');
    expect(m1?.fieldsV1).to.deep.equal({ 'f:data': { 'f:b': {} } });
    // m1 stops applying b: nobody else owns it, so it goes.
    const dropped = await apply('c2', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c2\n', {
      fieldManager: 'm1',
    });
    expect(dropped.body.data).to.deep.equal({ a: '9' });
    expect(managers(dropped.body)).to.deep.equal(['m2/Apply']);
  });

  it('answers bad configurations as kube does', async () => {
    const wrongKind = await apply('c3', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: c3\n', {
      fieldManager: 'm',
    });
    expect([wrongKind.status, wrongKind.body.message]).to.deep.equal([
      400,
      'invalid object type: /v1, Kind=Secret',
    ]);
    const managed = await apply(
      'c3',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c3\n  managedFields: []\n',
      {
        fieldManager: 'm',
      },
    );
    expect([managed.status, managed.body.message]).to.deep.equal([400, 'metadata.managedFields must be nil']);
    const unknown = await apply('c3', cmYaml('c3', '  a: "1"\n') + 'bogus: 1\n', { fieldManager: 'm' });
    // kube answers 500 (no reason) here; the reference server answers 400 with the same words.
    expect([unknown.status, unknown.body.reason, unknown.body.message]).to.deep.equal([
      400,
      'BadRequest',
      'failed to create typed patch object (/c3; /v1, Kind=ConfigMap): .bogus: field not declared in schema',
    ]);
    const long = await apply('c3', cmYaml('c3', '  a: "1"\n'), { fieldManager: 'x'.repeat(129) });
    expect([long.status, long.body.message]).to.deep.equal([
      422,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
    ]);
    const dry = await apply('c3', cmYaml('c3', '  a: "1"\n'), { fieldManager: 'm', dryRun: 'All' });
    expect(dry.status).to.equal(201);
    expect((await client.get(`${cms}/c3`)).status).to.equal(404);
  });

  it('records Update managers for POST, PUT, merge patch and status writes', async () => {
    const created = await client.post<Obj>(
      cms,
      { metadata: { name: 'c4', labels: { l: '1' } }, data: { a: '1' } },
      { query: { fieldManager: 'maker' } },
    );
    expect(created.body.metadata.managedFields?.[0]).to.deep.include({
      manager: 'maker',
      operation: 'Update',
      fieldsV1: { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:l': {} } } },
    });
    const patched = await client.request<Obj>({
      method: 'PATCH',
      path: `${cms}/c4`,
      body: JSON.stringify({ data: { a: '2' } }),
      headers: { 'content-type': 'application/merge-patch+json', 'user-agent': 'my-tool/1.0 (linux)' },
    });
    expect(managers(patched.body)).to.deep.equal(['maker/Update', 'my-tool/Update']);
    const put = await client.put<Obj>(
      `${cms}/c4`,
      { ...patched.body, data: { a: '2', b: '3' } },
      {
        query: { fieldManager: 'putter' },
      },
    );
    expect(managers(put.body)).to.deep.equal(['maker/Update', 'my-tool/Update', 'putter/Update']);

    const ns = await client.post<Obj>('/api/v1/namespaces', { metadata: { name: 'ssa-ns' } });
    const status = await client.put<Obj>(
      '/api/v1/namespaces/ssa-ns/status',
      { ...ns.body, status: { phase: 'Active', conditions: [{ type: 'X', status: 'True' }] } },
      { query: { fieldManager: 'st' } },
    );
    const entry = status.body.metadata.managedFields!.find((e) => e.manager === 'st');
    expect(entry).to.deep.include({
      subresource: 'status',
      fieldsV1: {
        'f:status': {
          'f:conditions': { '.': {}, 'k:{"type":"X"}': { '.': {}, 'f:status': {}, 'f:type': {} } },
        },
      },
    });
  });

  describe('with kubectl', () => {
    const kubectl = async (...args: string[]) => {
      try {
        const r = await run(KUBECTL, [
          '--kubeconfig',
          env!.server.kubeconfigPath,
          '--context',
          'root',
          ...args,
        ]);
        return { code: 0, out: r.stdout + r.stderr };
      } catch (e) {
        const err = e as { code?: number; stdout?: string; stderr?: string };
        return { code: err.code ?? 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
      }
    };
    const manifest = async (file: string, value: string) => {
      const path = join(process.env.TMPDIR ?? '/tmp', `ssa-${process.pid}-${file}`);
      await writeFile(
        path,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k1\n  namespace: default\ndata:\n  a: "${value}"\n`,
      );
      return path;
    };

    it('applies server-side twice, conflicts, and forces', async () => {
      const one = await manifest('one.yaml', '1');
      const two = await manifest('two.yaml', '2');
      expect(await kubectl('apply', '--server-side', '-f', one)).to.deep.equal({
        code: 0,
        out: 'configmap/k1 serverside-applied\n',
      });
      expect((await kubectl('apply', '--server-side', '-f', one)).code).to.equal(0);
      const conflict = await kubectl('apply', '--server-side', '--field-manager=other', '-f', two);
      expect(conflict.code).to.not.equal(0);
      expect(conflict.out).to.contain('Apply failed with 1 conflict: conflict with "kubectl": .data.a');
      expect(
        (await kubectl('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', two))
          .code,
      ).to.equal(0);
      const got = JSON.parse(
        (await kubectl('get', 'configmap', 'k1', '-n', 'default', '-o', 'json', '--show-managed-fields')).out,
      ) as Obj;
      expect(got.data).to.deep.equal({ a: '2' });
      expect(managers(got)).to.deep.equal(['other/Apply']);
    });

    it('applies client-side (last-applied annotation + strategic merge patch)', async () => {
      const path = join(process.env.TMPDIR ?? '/tmp', `ssa-${process.pid}-csa.yaml`);
      await writeFile(
        path,
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k2\n  namespace: default\ndata:\n  a: "1"\n',
      );
      expect((await kubectl('apply', '-f', path)).out).to.equal('configmap/k2 created\n');
      await writeFile(
        path,
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k2\n  namespace: default\ndata:\n  b: "2"\n',
      );
      expect((await kubectl('apply', '-f', path)).out).to.equal('configmap/k2 configured\n');
      const got = JSON.parse(
        (await kubectl('get', 'configmap', 'k2', '-n', 'default', '-o', 'json', '--show-managed-fields')).out,
      ) as Obj;
      expect(got.data).to.deep.equal({ b: '2' });
      expect(managers(got)).to.deep.equal(['kubectl-client-side-apply/Update']);
    });
  });
});
