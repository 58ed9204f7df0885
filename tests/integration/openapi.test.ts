// OpenAPI documents of a workspace on the reference server, over HTTPS and through real kubectl:
// the v3 index and hash-addressed group-version documents with kube-openapi's caching contract
// (ETag/304, immutable on the current hash, 301 from a stale one), the v2 document in JSON and in
// gnostic protobuf and their content negotiation, per-workspace CRD types coming and going, and
// the kubectl commands that
// read the documents (explain; apply and create, which send fieldValidation=Strict to the server
// only when the PATCH operation of the kind says it is supported). Shapes and kubectl outputs as
// kcp answers them in /clusters/root:<ws>.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { eventually } from '../../suites/framework/eventually.js';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { loadConnection } from '../../suites/framework/http/connection.js';
import {
  asCarriedByProtobuf,
  decodeGnosticDocument,
} from '../../reference-server/src/openapi/gnostic-to-swagger.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const PROTOBUF_V2 = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const PROTOBUF_V2_ANSWERED = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

interface BytesResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

interface Index {
  paths: Record<string, { serverRelativeURL: string }>;
}
interface Operation {
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
  parameters?: { name: string; in: string }[];
}
interface V3Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { 'x-kubernetes-group-version-kind'?: unknown[] }> };
}

const widgetsCRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
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
                description: 'The desired state of the widget.',
                properties: { size: { type: 'integer', description: 'How big.' } },
              },
            },
          },
        },
      },
    ],
  },
};

describe('OpenAPI documents (HTTPS and kubectl)', function () {
  this.timeout(120_000);
  let env: ServerWithClients;
  let root: ClusterClient;
  let dir: string;

  before(async () => {
    env = await startServerWithClients('openapi');
    root = await env.client('root');
    dir = await mkdtemp(join(tmpdir(), 'kcp-harness-openapi-'));
  });
  after(async () => {
    await env?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function index(): Promise<Index> {
    const r = await root.get<Index>('/openapi/v3');
    expect(r.status).to.equal(200);
    return r.body!;
  }

  it('lists a hash-addressed document per served group version, with kube-openapi caching headers', async () => {
    const r = await root.get<Index>('/openapi/v3');
    expect(r.status).to.equal(200);
    expect(r.headers['content-type']).to.equal('application/json');
    expect(r.headers['cache-control']).to.equal('no-cache, private');
    expect(r.headers['etag']).to.match(/^"[0-9A-F]{128}"$/);
    const keys = Object.keys(r.body!.paths);
    expect(keys).to.include.members([
      'api',
      'api/v1',
      'apis',
      'apis/rbac.authorization.k8s.io',
      'apis/rbac.authorization.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'version',
    ]);
    expect(keys).not.to.include('apis/apps/v1');
    expect(r.body!.paths['api/v1']!.serverRelativeURL).to.match(
      /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/,
    );
    const again = await root.get('/openapi/v3', { headers: { 'if-none-match': r.headers['etag']! } });
    expect(again.status).to.equal(304);
  });

  it('serves a group-version document: immutable at its hash, 304 on its ETag, 301 from a stale hash', async () => {
    const url = (await index()).paths['apis/coordination.k8s.io/v1']!.serverRelativeURL;
    const hash = url.split('hash=')[1]!;
    const current = await root.get<V3Document>(url);
    expect(current.status).to.equal(200);
    expect(current.headers['cache-control']).to.equal('public, immutable');
    expect(current.headers['etag']).to.equal(`"${hash}"`);
    expect(Date.parse(current.headers['expires']!)).to.be.greaterThan(Date.now() + 300 * 24 * 3600 * 1000);
    expect(current.body!.openapi).to.equal('3.0.0');

    const plain = await root.get<V3Document>('/openapi/v3/apis/coordination.k8s.io/v1');
    expect(plain.headers['cache-control']).to.equal('no-cache, private');
    expect(plain.text).to.equal(current.text);
    const notModified = await root.get('/openapi/v3/apis/coordination.k8s.io/v1', {
      headers: { 'if-none-match': `"${hash}"` },
    });
    expect(notModified.status).to.equal(304);

    const stale = await root.get('/openapi/v3/apis/coordination.k8s.io/v1?hash=0123');
    expect(stale.status).to.equal(301);
    expect(stale.headers['location']).to.equal(`/clusters/root${url}`);

    // What kubectl checks before it leaves field validation to the server.
    const patch =
      current.body!.paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}']!.patch!;
    expect(patch['x-kubernetes-action']).to.equal('patch');
    expect(patch['x-kubernetes-group-version-kind']).to.deep.equal({
      group: 'coordination.k8s.io',
      version: 'v1',
      kind: 'Lease',
    });
    expect(patch.parameters!.map((p) => `${p.in}:${p.name}`)).to.include('query:fieldValidation');
    const lease = current.body!.components.schemas['io.k8s.api.coordination.v1.Lease']!;
    expect(lease['x-kubernetes-group-version-kind']).to.deep.equal([
      { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
    ]);
  });

  /** A GET in the root workspace whose body is kept as bytes (the suites' client reads text). */
  async function getBytes(
    path: string,
    headers: Record<string, string>,
    context = 'root',
  ): Promise<BytesResponse> {
    const connection = await loadConnection(env.server.kubeconfigPath, context);
    return new Promise((resolve, reject) => {
      const req = request(
        `${connection.server}${path}`,
        { headers: { ...connection.headers, ...headers }, ...connection.tls, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('answers 404 for a group version it does not serve, and 406 to what it does not offer', async () => {
    const missing = await root.get<{ kind: string; code: number }>('/openapi/v3/apis/apps/v1');
    expect(missing.status).to.equal(404);
    expect(missing.body).to.include({ kind: 'Status', code: 404 });
    const v3pb = await root.get('/openapi/v3/api/v1', {
      headers: { accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' },
    });
    expect(v3pb.status).to.equal(406);
    const html = await getBytes('/openapi/v2', { accept: 'text/html' });
    expect(html.status).to.equal(406);
    expect(html.headers['vary']).to.equal('Accept-Encoding, Accept');
    expect(html.body.length).to.equal(0);
  });

  it('serves /openapi/v2 in gnostic protobuf, saying what the JSON document says, under its ETag', async () => {
    const json = await root.get<Record<string, unknown>>('/openapi/v2');
    expect(json.status).to.equal(200);
    const pb = await getBytes('/openapi/v2', { accept: PROTOBUF_V2 });
    expect(pb.status).to.equal(200);
    expect(pb.headers['content-type']).to.equal(PROTOBUF_V2_ANSWERED);
    expect(pb.headers['vary']).to.equal('Accept-Encoding, Accept');
    // kube-openapi gives both forms the JSON document's hash; Vary keeps caches apart.
    expect(pb.headers['etag']).to.equal(json.headers['etag']);
    expect(Number(pb.headers['content-length'])).to.equal(pb.body.length);
    const doc = decodeGnosticDocument(pb.body);
    expect(doc).to.deep.equal(asCarriedByProtobuf(json.body));
    // kubectl finds the schema of a kind by this extension.
    const definitions = doc.definitions as Record<string, Record<string, unknown>>;
    expect(definitions['io.k8s.api.core.v1.ConfigMap']!['x-kubernetes-group-version-kind']).to.deep.equal([
      { group: '', version: 'v1', kind: 'ConfigMap' },
    ]);

    const dotted = await getBytes('/openapi/v2', {
      accept: `${PROTOBUF_V2_ANSWERED}, application/json`,
    });
    expect(dotted.headers['content-type']).to.equal(PROTOBUF_V2_ANSWERED);
    expect(dotted.body.equals(pb.body)).to.equal(true);
    const notModified = await getBytes('/openapi/v2', {
      accept: PROTOBUF_V2,
      'if-none-match': String(pb.headers['etag']),
    });
    expect(notModified.status).to.equal(304);
    expect(notModified.body.length).to.equal(0);
    expect(notModified.headers).not.to.have.property('last-modified');

    // Go clients ask for gzip: the same bytes, compressed.
    const gz = await getBytes('/openapi/v2', { accept: PROTOBUF_V2, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).to.equal('gzip');
    expect(gz.headers['vary']).to.equal('Accept-Encoding, Accept');
    expect(gunzipSync(gz.body).equals(pb.body)).to.equal(true);
  });

  it('serves /openapi/v2 at top level too, to system:masters only, as kcp does', async () => {
    // shard-base: shard-admin (system:masters) at the bare server URL.
    const top = await getBytes('/openapi/v2', { accept: PROTOBUF_V2 }, 'shard-base');
    expect(top.status).to.equal(200);
    expect(top.headers['content-type']).to.equal(PROTOBUF_V2_ANSWERED);
    const doc = decodeGnosticDocument(top.body) as { swagger: string; definitions: object };
    expect(doc.swagger).to.equal('2.0');
    expect(doc.definitions).to.have.property('io.k8s.api.core.v1.ConfigMap');
    expect((await getBytes('/openapi/v2', { accept: PROTOBUF_V2 }, 'base')).status).to.equal(403);
  });

  it('serves the Swagger 2.0 document as JSON', async () => {
    const r = await root.get<{ swagger: string; paths: object; definitions: Record<string, unknown> }>(
      '/openapi/v2',
      { headers: { accept: `application/json, ${PROTOBUF_V2}` } },
    );
    expect(r.status).to.equal(200);
    expect(r.headers['content-type']).to.equal('application/json');
    expect(r.headers['etag']).to.match(/^"[0-9A-F]{128}"$/);
    expect(r.body!.swagger).to.equal('2.0');
    expect(r.body!.paths).to.have.property('/api/v1/namespaces/{namespace}/configmaps/{name}');
    expect(r.body!.definitions).to.have.property('io.k8s.api.core.v1.ConfigMap');
    expect(r.text).not.to.contain('#/components/');
    const again = await root.get('/openapi/v2', { headers: { 'if-none-match': r.headers['etag']! } });
    expect(again.status).to.equal(304);
  });

  it('adds a CRD-served group version to the workspace’s documents and drops it again', async () => {
    const before = await index();
    expect(before.paths).not.to.have.property('apis/example.com/v1');
    expect(
      (await root.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetsCRD)).status,
    ).to.equal(201);
    const withCRD = await eventually(
      async () => {
        const i = await index();
        if (!i.paths['apis/example.com/v1']) throw new Error('example.com/v1 not in the index yet');
        return i;
      },
      { timeoutMs: 30_000, intervalMs: 200, consecutive: 1, description: 'the CRD in /openapi/v3' },
    );
    expect(withCRD.paths['api/v1']).to.deep.equal(before.paths['api/v1']);
    const doc = await root.get<V3Document>(withCRD.paths['apis/example.com/v1']!.serverRelativeURL);
    expect(
      doc.body!.components.schemas['com.example.v1.Widget']!['x-kubernetes-group-version-kind'],
    ).to.deep.equal([{ group: 'example.com', version: 'v1', kind: 'Widget' }]);
    const v2 = decodeGnosticDocument((await getBytes('/openapi/v2', { accept: PROTOBUF_V2 })).body) as {
      definitions: Record<string, Record<string, unknown>>;
    };
    expect(v2.definitions['com.example.v1.Widget']!['x-kubernetes-group-version-kind']).to.deep.equal([
      { group: 'example.com', version: 'v1', kind: 'Widget' },
    ]);
    expect(
      (await root.delete('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com'))
        .status,
    ).to.be.oneOf([200, 202]);
    await eventually(
      async () => {
        if ((await index()).paths['apis/example.com/v1'])
          throw new Error('example.com/v1 still in the index');
      },
      { timeoutMs: 30_000, intervalMs: 200, consecutive: 1, description: 'the CRD gone from /openapi/v3' },
    );
  });

  describe('kubectl', function () {
    before(function () {
      if (!existsSync(KUBECTL)) {
        if (process.env.CI === 'true')
          throw new Error(`kubectl is required in CI and was not found at ${KUBECTL}`);
        this.skip();
      }
    });

    async function kubectl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
      try {
        const { stdout, stderr } = await run(KUBECTL, ['--kubeconfig', env.server.kubeconfigPath, ...args]);
        return { stdout, stderr, code: 0 };
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string; code?: number };
        return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: err.code ?? 1 };
      }
    }

    it('explains built-in fields from the v3 documents', async () => {
      const data = await kubectl('explain', 'configmap.data');
      expect(data.code, data.stderr).to.equal(0);
      expect(data.stdout).to.contain('KIND:       ConfigMap');
      expect(data.stdout).to.contain('FIELD: data <map[string]string>');

      const rules = await kubectl('explain', 'roles.rules');
      expect(rules.code, rules.stderr).to.equal(0);
      expect(rules.stdout).to.contain('GROUP:      rbac.authorization.k8s.io');
      expect(rules.stdout).to.contain('FIELD: rules <[]PolicyRule>');
      expect(rules.stdout).to.match(/verbs\t<\[\]string> -required-/);

      const spec = await kubectl('explain', 'leases.spec', '--recursive');
      expect(spec.code, spec.stderr).to.equal(0);
      expect(spec.stdout).to.contain('FIELD: spec <LeaseSpec>');
      for (const field of ['acquireTime', 'holderIdentity', 'leaseDurationSeconds', 'renewTime'])
        expect(spec.stdout).to.match(new RegExp(`\\n  ${field}\\t<`));
    });

    it('applies a manifest twice with client validation on, and leaves strict validation to the server', async () => {
      const manifest = (value: string) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: openapi-apply\n  namespace: default\ndata:\n  key: "${value}"\n`;
      const file = join(dir, 'cm.yaml');
      await writeFile(file, manifest('1'));
      const first = await kubectl('apply', '-f', file, '-v=6');
      expect(first.code, first.stderr).to.equal(0);
      expect(first.stdout).to.contain('configmap/openapi-apply created');
      // kubectl found fieldValidation on the PATCH operation, so it asked the server to validate.
      expect(first.stderr).to.contain('fieldValidation=Strict');
      await writeFile(file, manifest('2'));
      const second = await kubectl('apply', '-f', file);
      expect(second.code, second.stderr).to.equal(0);
      expect(second.stdout).to.contain('configmap/openapi-apply configured');
      const third = await kubectl('apply', '-f', file);
      expect(third.stdout).to.contain('configmap/openapi-apply unchanged');

      const role = join(dir, 'role.yaml');
      await writeFile(
        role,
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: openapi-role\n  namespace: default\n' +
          'rules:\n- apiGroups: [""]\n  resources: ["configmaps"]\n  verbs: ["get"]\n',
      );
      expect((await kubectl('apply', '-f', role)).stdout).to.contain(
        'role.rbac.authorization.k8s.io/openapi-role created',
      );
      expect((await kubectl('apply', '-f', role)).stdout).to.contain(
        'role.rbac.authorization.k8s.io/openapi-role unchanged',
      );
    });

    it('rejects an unknown field with create --validate=strict, as kcp does', async () => {
      const file = join(dir, 'bad.yaml');
      await writeFile(
        file,
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: openapi-bad\n  namespace: default\nbogus: true\n',
      );
      for (const args of [
        ['create', '--validate=strict', '-f', file],
        ['create', '-f', file],
      ]) {
        const r = await kubectl(...args);
        expect(r.code, args.join(' ')).not.to.equal(0);
        expect(r.stderr).to.contain(
          'Error from server (BadRequest): error when creating "' +
            file +
            '": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"',
        );
      }
      expect((await root.get('/api/v1/namespaces/default/configmaps/openapi-bad')).status).to.equal(404);
    });
  });
});
