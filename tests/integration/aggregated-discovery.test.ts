// Aggregated discovery (apidiscovery.k8s.io/v2) over HTTPS next to legacy discovery: content
// negotiation, caching headers, the document's shape (as kcp answers /clusters/root/api) and its
// agreement with the legacy APIResourceLists.
import { expect } from 'chai';
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
// kubectl 1.32's Accept header for /api and /apis.
const KUBECTL = `${V2},${V2.replace('v=v2', 'v=v2beta1')},application/json`;

interface Resource {
  resource: string;
  responseKind?: { group: string; version: string; kind: string };
  scope: string;
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  subresources?: {
    subresource: string;
    responseKind?: { group: string; version: string; kind: string };
    verbs: string[];
  }[];
}
interface GroupList {
  kind: string;
  apiVersion: string;
  items: {
    metadata: { name?: string };
    versions: { version: string; freshness: string; resources: Resource[] }[];
  }[];
}
interface LegacyList {
  resources: {
    name: string;
    namespaced: boolean;
    kind: string;
    singularName: string;
    verbs: string[];
    group?: string;
    version?: string;
  }[];
}

/** The legacy list rebuilt from an aggregated version, for comparison field by field. */
function asLegacy(resources: Resource[]) {
  const out: { name: string; namespaced: boolean; kind: string; verbs: string[] }[] = [];
  for (const r of resources) {
    out.push({
      name: r.resource,
      namespaced: r.scope === 'Namespaced',
      kind: r.responseKind!.kind,
      verbs: r.verbs,
    });
    for (const s of r.subresources ?? []) {
      out.push({
        name: `${r.resource}/${s.subresource}`,
        namespaced: r.scope === 'Namespaced',
        kind: s.responseKind!.kind,
        verbs: s.verbs,
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function legacyAsComparable(client: ClusterClient, path: string) {
  const legacy = await client.get<LegacyList>(path);
  expect(legacy.status, path).to.equal(200);
  return legacy
    .body!.resources.map((r) => ({ name: r.name, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('aggregated discovery (HTTPS)', function () {
  this.timeout(120_000);
  let env: ServerWithClients;
  let root: ClusterClient;

  before(async () => {
    env = await startServerWithClients('aggregated-discovery');
    root = await env.client('root');
  });
  after(async () => {
    await env?.stop();
  });

  it('answers kubectl /api with the v2 document and caching headers as kube-apiserver does', async () => {
    const r = await root.get<GroupList>('/api', { headers: { accept: KUBECTL } });
    expect(r.status).to.equal(200);
    expect(r.headers['content-type']).to.equal(V2);
    expect(r.headers['vary']).to.equal('Accept');
    expect(r.headers['cache-control']).to.equal('public');
    expect(r.headers['etag']).to.match(/^"[0-9A-F]{128}"$/);
    expect(r.body).to.include({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    expect(r.body!.items).to.have.length(1);
    const core = r.body!.items[0]!;
    expect(core.metadata).to.deep.equal({});
    expect(core.versions.map((v) => [v.version, v.freshness])).to.deep.equal([['v1', 'Current']]);
    const resources = core.versions[0]!.resources;
    expect(resources.map((x) => x.resource)).to.deep.equal([...resources.map((x) => x.resource)].sort());
    // Field for field as kcp answers GET /clusters/root/api for configmaps and serviceaccounts.
    expect(resources.find((x) => x.resource === 'configmaps')).to.deep.equal({
      resource: 'configmaps',
      responseKind: { group: '', version: '', kind: 'ConfigMap' },
      scope: 'Namespaced',
      singularResource: 'configmap',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['cm'],
    });
    expect(resources.find((x) => x.resource === 'serviceaccounts')?.subresources).to.deep.equal([
      {
        subresource: 'token',
        responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
        verbs: ['create'],
      },
    ]);
    const namespaces = resources.find((x) => x.resource === 'namespaces');
    expect(namespaces?.scope).to.equal('Cluster');
    expect(namespaces?.subresources?.map((s) => s.subresource)).to.include('status');
  });

  it('answers 304 to If-None-Match with the current ETag, and the document to any other', async () => {
    const first = await root.get('/api', { headers: { accept: V2 } });
    const etag = first.headers['etag']!;
    const again = await root.get('/api', { headers: { accept: V2, 'if-none-match': etag } });
    expect(again.status).to.equal(304);
    expect(again.text).to.equal('');
    const other = await root.get('/api', { headers: { accept: V2, 'if-none-match': '"0"' } });
    expect(other.status).to.equal(200);
    expect(other.headers['etag']).to.equal(etag);
  });

  it('keeps legacy discovery for clients that do not ask for the aggregated kind', async () => {
    for (const accept of ['application/json', '*/*', 'application/json, */*']) {
      const r = await root.get<{ kind: string }>('/api', { headers: { accept } });
      expect(r.headers['content-type'], accept).to.equal('application/json');
      expect(r.body?.kind, accept).to.equal('APIVersions');
      const g = await root.get<{ kind: string }>('/apis', { headers: { accept } });
      expect(g.body?.kind, accept).to.equal('APIGroupList');
    }
  });

  it('answers 406 NotAcceptable to a client that accepts only v2beta1', async () => {
    const r = await root.get<{ kind: string; reason: string; code: number }>('/apis', {
      headers: { accept: V2.replace('v=v2', 'v=v2beta1') },
    });
    expect(r.status).to.equal(406);
    expect(r.body).to.include({ kind: 'Status', reason: 'NotAcceptable', code: 406 });
  });

  it('agrees with legacy discovery for every group version, in kube-apiserver group order', async () => {
    const core = await root.get<GroupList>('/api', { headers: { accept: V2 } });
    expect(asLegacy(core.body!.items[0]!.versions[0]!.resources)).to.deep.equal(
      await legacyAsComparable(root, '/api/v1'),
    );

    const r = await root.get<GroupList>('/apis', { headers: { accept: KUBECTL } });
    expect(r.headers['content-type']).to.equal(V2);
    const names = r.body!.items.map((g) => g.metadata.name!);
    const legacyGroups = await root.get<{ groups: { name: string }[] }>('/apis');
    expect([...names].sort()).to.deep.equal(legacyGroups.body!.groups.map((g) => g.name).sort());
    // Built-in groups by kube's priorities, then everything else (kcp's groups) by name.
    const builtin = [
      'events.k8s.io',
      'authentication.k8s.io',
      'authorization.k8s.io',
      'certificates.k8s.io',
      'rbac.authorization.k8s.io',
    ];
    expect(names.slice(0, 3)).to.deep.equal(builtin.filter((g) => names.includes(g)).slice(0, 3));
    const kcpGroups = names.filter((n) => n.endsWith('.kcp.io'));
    expect(kcpGroups).to.deep.equal([...kcpGroups].sort());
    expect(names.indexOf(kcpGroups[0]!)).to.be.greaterThan(names.indexOf('rbac.authorization.k8s.io'));

    for (const group of r.body!.items) {
      for (const v of group.versions) {
        expect(v.freshness).to.equal('Current');
        expect(asLegacy(v.resources), `${group.metadata.name}/${v.version}`).to.deep.equal(
          await legacyAsComparable(root, `/apis/${group.metadata.name}/${v.version}`),
        );
      }
    }
  });
});
