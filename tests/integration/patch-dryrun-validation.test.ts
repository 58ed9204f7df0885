// Strategic merge patch, dryRun=All and fieldValidation over HTTPS on the reference server. The
// expected answers are what kcp answered for the same requests (see the task report).
import { expect } from 'chai';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const smp = { 'content-type': 'application/strategic-merge-patch+json' };
const merge = { 'content-type': 'application/merge-patch+json' };

interface Obj {
  metadata: {
    name: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
  };
  secrets?: { name: string }[];
  imagePullSecrets?: { name: string }[];
  data?: Record<string, string>;
  message?: string;
  reason?: string;
  details?: unknown;
}

describe('strategic merge patch, dryRun and fieldValidation', function () {
  this.timeout(60_000);
  let env: ServerWithClients | undefined;
  let client: ClusterClient;
  const sas = '/api/v1/namespaces/default/serviceaccounts';
  const cms = '/api/v1/namespaces/default/configmaps';

  before(async function () {
    env = await startServerWithClients('patch-dryrun');
    client = await env.client();
  });
  after(async () => env?.stop());

  const patch = (path: string, body: unknown, headers = smp, query?: Record<string, string>) =>
    client.request<Obj>({
      method: 'PATCH',
      path,
      body: JSON.stringify(body),
      headers,
      ...(query ? { query } : {}),
    });

  describe('strategic merge patch', () => {
    it('merges ServiceAccount.secrets by name, replaces imagePullSecrets, merges finalizers', async () => {
      expect(
        (await client.post(sas, { metadata: { name: 'sa1' }, secrets: [{ name: 's1' }] })).status,
      ).to.equal(201);
      const r = await patch(`${sas}/sa1`, {
        secrets: [{ name: 's2' }],
        imagePullSecrets: [{ name: 'p1' }],
        metadata: { labels: { a: 'b' } },
      });
      expect(r.status).to.equal(200);
      expect(r.body.secrets).to.deep.equal([{ name: 's2' }, { name: 's1' }]);
      expect(r.body.metadata.labels).to.deep.equal({ a: 'b' });
      const r2 = await patch(`${sas}/sa1`, {
        secrets: [{ $patch: 'delete', name: 's1' }],
        imagePullSecrets: [{ name: 'p2' }],
        metadata: { labels: { a: null }, finalizers: ['example.com/x'] },
      });
      expect(r2.status).to.equal(200);
      expect(r2.body.secrets).to.deep.equal([{ name: 's2' }]);
      expect(r2.body.imagePullSecrets).to.deep.equal([{ name: 'p2' }]);
      // kube drops the emptied map (omitempty); this server keeps it empty (a known gap).
      expect(r2.body.metadata.labels ?? {}).to.deep.equal({});
      expect(r2.body.metadata.finalizers).to.deep.equal(['example.com/x']);
      const r3 = await patch(`${sas}/sa1`, {
        metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/x'] },
      });
      expect(r3.body.metadata.finalizers ?? []).to.deep.equal([]);
    });

    it('answers malformed directives with 400', async () => {
      const r = await patch(`${sas}/sa1`, { metadata: { $retainKeys: ['name'], labels: { a: 'b' } } });
      expect(r.status).to.equal(400);
      expect(r.body.message).to.equal('invalid patch format of retainKeys');
      const r2 = await patch(`${sas}/sa1`, { secrets: [{ foo: 'x' }] });
      expect(r2.status).to.equal(400);
      expect(r2.body.message).to.equal('map: map[foo:x] does not contain declared merge key: name');
      const r3 = await client.request<Obj>({ method: 'PATCH', path: `${sas}/sa1`, body: '[]', headers: smp });
      expect(r3.status).to.equal(400);
      expect(r3.body.message).to.equal(
        'json: cannot unmarshal array into Go value of type map[string]interface {}',
      );
      const r4 = await patch(`${sas}/sa1`, { $patch: 'delete' }, smp, { dryRun: 'All' });
      expect(r4.status).to.equal(400);
      expect(r4.body.message).to.equal(
        'the name of the object (sa1 based on URL) was undeterminable: name must be provided',
      );
    });

    it('is refused with 415 for kcp types served as CRDs, as on kcp', async () => {
      const r = await patch('/apis/core.kcp.io/v1alpha1/logicalclusters/cluster', {
        metadata: { labels: { a: 'b' } },
      });
      expect(r.status).to.equal(415);
      expect(r.body.message).to.equal(
        'the body of the request was in an unknown format - accepted media types include: ' +
          'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/apply-patch+yaml',
      );
    });
  });

  describe('dryRun=All', () => {
    it('create answers with uid and creationTimestamp, no resourceVersion, and stores nothing', async () => {
      const r = await client.post<Obj>(
        cms,
        { metadata: { name: 'dry' }, data: { a: 'b' } },
        { query: { dryRun: 'All' } },
      );
      expect(r.status).to.equal(201);
      expect(r.body.metadata.uid).to.be.a('string');
      expect(r.body.metadata.creationTimestamp).to.be.a('string');
      expect(r.body.metadata.resourceVersion).to.equal(undefined);
      expect((await client.get(`${cms}/dry`)).status).to.equal(404);
    });

    it('still validates: an existing name is 409, an invalid object 422', async () => {
      expect((await client.post(cms, { metadata: { name: 'real' }, data: { a: 'b' } })).status).to.equal(201);
      const dup = await client.post<Obj>(cms, { metadata: { name: 'real' } }, { query: { dryRun: 'All' } });
      expect(dup.status).to.equal(409);
      expect(dup.body.message).to.equal('configmaps "real" already exists');
      const bad = await client.post(cms, { metadata: { name: 'Bad_Name' } }, { query: { dryRun: 'All' } });
      expect(bad.status).to.equal(422);
    });

    it('update and patch answer the result with the stored resourceVersion and change nothing', async () => {
      const before = await client.get<Obj>(`${cms}/real`);
      const put = await client.put<Obj>(
        `${cms}/real`,
        { metadata: { name: 'real' }, data: { z: '1' } },
        { query: { dryRun: 'All' } },
      );
      expect(put.status).to.equal(200);
      expect(put.body.data).to.deep.equal({ z: '1' });
      expect(put.body.metadata.resourceVersion).to.equal(before.body.metadata.resourceVersion);
      const p = await patch(`${cms}/real`, { data: { y: '2' } }, merge, { dryRun: 'All' });
      expect(p.status).to.equal(200);
      expect(p.body.data).to.deep.equal({ a: 'b', y: '2' });
      const after = await client.get<Obj>(`${cms}/real`);
      expect(after.body.data).to.deep.equal({ a: 'b' });
      expect(after.body.metadata.resourceVersion).to.equal(before.body.metadata.resourceVersion);
    });

    it('delete and deletecollection answer as if deleted and keep the objects', async () => {
      const d = await client.delete<Obj>(`${cms}/real`, { query: { dryRun: 'All' } });
      expect(d.status).to.equal(200);
      expect(d.body).to.deep.include({ kind: 'Status', status: 'Success' });
      const dc = await client.delete<{ items: Obj[] }>(cms, { query: { dryRun: 'All' } });
      expect(dc.status).to.equal(200);
      expect(dc.body.items.map((i) => i.metadata.name)).to.include('real');
      expect((await client.get(`${cms}/real`)).status).to.equal(200);
    });

    it('refuses values other than All with the 422 kcp answers', async () => {
      const r = await client.post<Obj>(cms, { metadata: { name: 'x' } }, { query: { dryRun: 'Foo' } });
      expect(r.status).to.equal(422);
      expect(r.body.message).to.equal(
        'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Foo"]: supported values: "All"',
      );
      const d = await client.delete<Obj>(`${cms}/real`, { query: { dryRun: 'X' } });
      expect(d.status).to.equal(422);
      expect(d.body.message).to.match(/^DeleteOptions\.meta\.k8s\.io "" is invalid: dryRun/);
    });
  });

  describe('fieldValidation', () => {
    const body =
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w","foo":1},"data":{"a":"b"},"spec":{"x":1},"data":{"c":"d"}}';
    const post = (query: Record<string, string>) =>
      client.request<Obj>({
        method: 'POST',
        path: cms,
        body,
        headers: { 'content-type': 'application/json' },
        query,
      });

    it('Warn (the default) answers 299 warnings in document order and drops unknown fields', async () => {
      const r = await post({});
      expect(r.status).to.equal(201);
      expect(r.headers.warning).to.equal(
        '299 - "unknown field \\"metadata.foo\\"", 299 - "unknown field \\"spec\\"", 299 - "duplicate field \\"data\\""',
      );
      expect(r.body).to.not.have.property('spec');
      expect((r.body.metadata as Record<string, unknown>).foo).to.equal(undefined);
    });

    it('Strict fails create with 400 and patch with 422, as kcp words them', async () => {
      const r = await post({ fieldValidation: 'Strict' });
      expect(r.status).to.equal(400);
      expect(r.body.message).to.equal(
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: ' +
          'unknown field "metadata.foo", unknown field "spec", duplicate field "data"',
      );
      const p = await patch(`${cms}/w`, { spec: { x: 1 } }, smp, { fieldValidation: 'Strict' });
      expect(p.status).to.equal(422);
      expect(p.body.message).to.equal(
        ' "" is invalid: patch: Invalid value: "map[spec:map[x:1]]": strict decoding error: unknown field "spec"',
      );
      const m = await patch(`${cms}/w`, { spec: { x: 1 } }, merge, { fieldValidation: 'Strict' });
      expect(m.status).to.equal(422);
      expect(m.body.message).to.match(/strict decoding error: unknown field "spec"$/);
    });

    it('Ignore is silent; a bad value is a 422', async () => {
      const p = await patch(`${cms}/w`, { spec: { x: 1 } }, merge, { fieldValidation: 'Ignore' });
      expect(p.status).to.equal(200);
      expect(p.headers.warning).to.equal(undefined);
      expect(p.body).to.not.have.property('spec');
      const bad = await patch(`${cms}/w`, {}, merge, { fieldValidation: 'foo' });
      expect(bad.status).to.equal(422);
      expect(bad.body.message).to.equal(
        'PatchOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "foo": supported values: "", "Ignore", "Strict", "Warn"',
      );
    });
  });
});
