// The matrix's requests: URLs and the authorizer attributes Kubernetes derives from them, shapes
// that never change the RBAC world, and kubectl arguments that ask the same question.
import { expect } from 'chai';
import { canIArgs } from './matrix-kubectl.js';
import { SERVED_RESOURCES, type ServedResource } from './rbac-matrix-catalog.js';
import { generateWorld, objectExists } from './rbac-matrix-generator.js';
import {
  MALFORMED_BODY,
  generateRequests,
  httpShape,
  normalizeTarget,
  type ResourceTarget,
} from './rbac-matrix-requests.js';

const served = (name: string): ServedResource => {
  const r = SERVED_RESOURCES.find((s) => s.resource === name);
  if (!r) throw new Error(name);
  return r;
};
const target = (resource: string, over: Partial<ResourceTarget> = {}): ResourceTarget => ({
  kind: 'resource',
  resource: served(resource),
  subresource: '',
  verb: 'get',
  namespace: 'ns-a',
  name: 'alpha',
  reallyCreate: false,
  ...over,
});
const shape = (t: ResourceTarget) => httpShape(normalizeTarget(t), 7);

describe('rbac matrix requests', () => {
  it('GET /api/v1/namespaces/<n> has namespace <n> and name <n>; its status subresource too', () => {
    const s = shape(target('namespaces', { name: 'ns-b' }));
    expect(s.path).to.equal('/api/v1/namespaces/ns-b');
    expect(s.attributes).to.include({ namespace: 'ns-b', name: 'ns-b', resource: 'namespaces' });
    const status = shape(target('namespaces', { name: 'ns-b', verb: 'update', subresource: 'status' }));
    expect(status).to.include({
      method: 'PUT',
      path: '/api/v1/namespaces/ns-b/status',
      body: MALFORMED_BODY,
    });
    expect(status.attributes).to.include({ namespace: 'ns-b', subresource: 'status', verb: 'update' });
  });

  it('a list or watch with a metadata.name field selector carries the name; without one, none', () => {
    const list = shape(target('configmaps', { verb: 'list', name: 'beta' }));
    expect(list.path).to.equal('/api/v1/namespaces/ns-a/configmaps?fieldSelector=metadata.name%3Dbeta');
    expect(list.attributes).to.include({ verb: 'list', name: 'beta', namespace: 'ns-a' });
    const watch = shape(target('namespaces', { verb: 'watch', name: '' }));
    expect(watch).to.include({ watch: true, path: '/api/v1/namespaces?watch=true&timeoutSeconds=1' });
    expect(watch.attributes).to.include({ namespace: '', name: '' });
    const everywhere = shape(target('roles', { verb: 'list', namespace: '', name: '' }));
    expect(everywhere.path).to.equal('/apis/rbac.authorization.k8s.io/v1/roles');
  });

  it('create and deletecollection have no name; deletecollection selects nothing', () => {
    const create = shape(target('secrets', { verb: 'create' }));
    expect(create).to.include({
      method: 'POST',
      path: '/api/v1/namespaces/ns-a/secrets',
      body: MALFORMED_BODY,
    });
    expect(create.attributes.kind === 'resource' && create.attributes.name).to.equal('');
    const real = shape(target('configmaps', { verb: 'create', reallyCreate: true }));
    expect(JSON.parse(real.body ?? '')).to.deep.equal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'mx-new-7' },
    });
    expect(shape(target('clusterroles', { verb: 'create', reallyCreate: true })).body).to.equal(
      MALFORMED_BODY,
    );
    const dc = shape(target('rolebindings', { verb: 'deletecollection' }));
    expect(dc.path).to.equal(
      '/apis/rbac.authorization.k8s.io/v1/namespaces/ns-a/rolebindings?labelSelector=kh-matrix-none%3Dtrue',
    );
    expect(dc.attributes).to.include({ name: '', verb: 'deletecollection' });
  });

  it('normalizes targets into requests a server can receive', () => {
    expect(
      normalizeTarget(target('configmaps', { verb: 'delete', namespace: 'default', name: 'alpha' })),
    ).to.include({
      verb: 'get',
    });
    expect(
      normalizeTarget(target('configmaps', { verb: 'delete', namespace: 'ns-b', name: 'alpha' })),
    ).to.include({
      verb: 'delete',
    });
    expect(normalizeTarget(target('workspaces', { verb: 'deletecollection' }))).to.include({
      verb: 'list',
      namespace: '',
    });
    expect(normalizeTarget(target('workspaces', { verb: 'create', subresource: 'status' }))).to.include({
      verb: 'get',
    });
    expect(normalizeTarget(target('configmaps', { subresource: 'status' }))).to.include({ subresource: '' });
    expect(normalizeTarget({ kind: 'nonResource', verb: 'post', path: '/api' })).to.include({ verb: 'get' });
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: is reproducible, mixes origins, and never deletes or posts where it would change something`, () => {
      const world = generateWorld(seed, 'abcde');
      const options = { count: 1200, kcpAdminAvailable: true };
      const requests = generateRequests(world, options);
      expect(JSON.stringify(generateRequests(world, options))).to.equal(JSON.stringify(requests));
      const origins = new Set(requests.map((r) => r.origin));
      expect([...origins].sort()).to.deep.equal(['near-miss', 'random', 'targeted']);
      expect(requests.filter((r) => r.origin !== 'random').length).to.be.greaterThan(600);
      expect(new Set(requests.map((r) => r.impersonator)).size).to.equal(2);
      for (const r of requests) {
        const a = r.attributes;
        if (a.kind === 'resource' && a.verb === 'delete') {
          expect(objectExists(a.resource, a.namespace, a.name), r.path).to.equal(false);
        }
        if (a.kind === 'resource' && a.verb === 'deletecollection')
          expect(r.path).to.contain('labelSelector=');
        if (a.kind === 'nonResource' && r.method === 'POST')
          expect(r.path.startsWith('/matrix')).to.equal(true);
        if (r.body !== undefined && !r.body.startsWith('{"apiVersion"'))
          expect(r.body).to.equal(MALFORMED_BODY);
      }
      const none = generateRequests(world, { count: 50, kcpAdminAvailable: false });
      expect(none.every((r) => r.impersonator === 'masters')).to.equal(true);
    });
  }

  it('builds kubectl auth can-i arguments that ask about exactly the same attributes', () => {
    const s = shape(target('roles', { verb: 'list', name: 'beta' }));
    expect(canIArgs(s.attributes)).to.deep.equal([
      'list',
      'roles.rbac.authorization.k8s.io/beta',
      '--namespace',
      'ns-a',
    ]);
    const status = shape(target('workspaces', { verb: 'patch', subresource: 'status', name: 'gamma' }));
    expect(canIArgs(status.attributes)).to.deep.equal([
      'patch',
      'workspaces.tenancy.kcp.io/gamma',
      '--all-namespaces',
      '--subresource',
      'status',
    ]);
    expect(canIArgs({ kind: 'nonResource', verb: 'post', path: '/matrix/a' })).to.deep.equal([
      'post',
      '/matrix/a',
    ]);
  });
});
