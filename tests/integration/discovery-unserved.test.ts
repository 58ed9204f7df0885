// Discovery of what a workspace does not serve, over HTTPS, answered as kcp answers it (probed on
// kcp v0.32.0-162-gdac74f59, see reference-server/src/discovery/unserved.ts): a group kcp compiles
// in answers an unknown version with a 404 Status; any other /apis/<group>/<version> is an empty
// APIResourceList; /apis/<group> of a group nothing serves is Go's text/plain 404.
import { expect } from 'chai';
import type { ApiResponse, ClusterClient } from '../../suites/framework/http/client.js';
import { startServerWithClients, type ServerWithClients } from '../support/server-with-clients.js';

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
// The Accept of the probes: the default, and kubectl's aggregated request with a JSON fallback.
const ACCEPTS = ['application/json', `${AGGREGATED},application/json`];

const notFoundStatus = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

describe('discovery of unserved group versions (reference server)', function () {
  this.timeout(60_000);
  let env: ServerWithClients | undefined;
  let root: ClusterClient;

  before(async () => {
    env = await startServerWithClients('discovery-unserved');
    root = await env.client('root');
  });
  after(async () => env?.stop());

  const get = (path: string, accept: string): Promise<ApiResponse> => root.get(path, { headers: { accept } });

  function expectEmptyList(r: ApiResponse, groupVersion: string): void {
    expect(r.status, r.text).to.equal(200);
    expect(r.headers['content-type']).to.equal('application/json');
    expect(r.body).to.deep.equal({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: [] });
  }

  function expectStatus404(r: ApiResponse): void {
    expect(r.status, r.text).to.equal(404);
    expect(r.headers['content-type']).to.equal('application/json');
    expect(r.text).to.equal(JSON.stringify(notFoundStatus)); // field order as kube writes it
  }

  it('a version of a group no CRD serves is an empty APIResourceList, also of kcp groups', async () => {
    for (const accept of ACCEPTS) {
      for (const gv of ['nonexistent.example.com/v1', 'apps/v1', 'tenancy.kcp.io/v9', 'core.kcp.io/v9'])
        expectEmptyList(await get(`/apis/${gv}`, accept), gv);
      expectEmptyList(await get('/apis/nonexistent.example.com/v1/', accept), 'nonexistent.example.com/v1');
    }
  });

  it('an unknown version of a compiled-in group, and /api/v2, are 404 Status', async () => {
    for (const accept of ACCEPTS)
      for (const path of [
        '/apis/rbac.authorization.k8s.io/v9',
        '/apis/apiextensions.k8s.io/v9',
        '/api/v2',
        '/api/v2/',
      ])
        expectStatus404(await get(path, accept));
  });

  it('a group nothing serves is a plain-text 404', async () => {
    for (const accept of ACCEPTS)
      for (const path of ['/apis/nonexistent.example.com', '/apis/apps', '/apis/nonexistent.example.com/']) {
        const r = await get(path, accept);
        expect(r.status, path).to.equal(404);
        expect(r.headers['content-type']).to.equal('text/plain; charset=utf-8');
        expect(r.headers['x-content-type-options']).to.equal('nosniff');
        expect(r.text).to.equal('404 page not found\n');
      }
    // A served group is still its APIGroup.
    const served = await get('/apis/tenancy.kcp.io', 'application/json');
    expect(served.status).to.equal(200);
    expect(served.body).to.include({ kind: 'APIGroup', name: 'tenancy.kcp.io' });
  });

  it('per-group and per-version documents refuse an Accept that asks only for the aggregated kind', async () => {
    for (const path of ['/api/v1', '/apis/rbac.authorization.k8s.io', '/apis/nonexistent.example.com/v1']) {
      const r = await get(path, AGGREGATED);
      expect(r.status, `${path}: ${r.text}`).to.equal(406);
      expect(r.body).to.include({ kind: 'Status', reason: 'NotAcceptable', code: 406 });
    }
    // What is not found stays not found, whatever the Accept.
    expectStatus404(await get('/apis/rbac.authorization.k8s.io/v9', AGGREGATED));
    expect((await get('/apis/nonexistent.example.com', AGGREGATED)).text).to.equal('404 page not found\n');
  });
});
