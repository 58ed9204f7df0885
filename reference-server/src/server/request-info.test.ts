import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import { isValidClusterPath, parseRequestInfo } from './request-info.js';

describe('parseRequestInfo', () => {
  it('splits the /clusters/<x> prefix and parses a namespaced resource', () => {
    const i = parseRequestInfo('GET', '/clusters/root/api/v1/namespaces/default/configmaps/a');
    expect(i).to.include({
      cluster: 'root',
      path: '/api/v1/namespaces/default/configmaps/a',
      isResourceRequest: true,
      verb: 'get',
      group: '',
      version: 'v1',
      resource: 'configmaps',
      namespace: 'default',
      name: 'a',
    });
  });

  it('derives list, watch, create, update, patch, delete and deletecollection verbs', () => {
    const base = '/clusters/root/api/v1/namespaces/default/configmaps';
    expect(parseRequestInfo('GET', base).verb).to.equal('list');
    expect(parseRequestInfo('GET', `${base}?watch=true`).verb).to.equal('watch');
    expect(parseRequestInfo('GET', `${base}?watch=1`).verb).to.equal('watch');
    expect(parseRequestInfo('POST', base).verb).to.equal('create');
    expect(parseRequestInfo('PUT', `${base}/a`).verb).to.equal('update');
    expect(parseRequestInfo('PATCH', `${base}/a`).verb).to.equal('patch');
    expect(parseRequestInfo('DELETE', `${base}/a`).verb).to.equal('delete');
    expect(parseRequestInfo('DELETE', base).verb).to.equal('deletecollection');
  });

  it('treats /namespaces/<name> as the namespaces resource, with namespace = name (kube RequestInfoFactory)', () => {
    const i = parseRequestInfo('GET', '/api/v1/namespaces/foo');
    expect(i).to.include({ resource: 'namespaces', name: 'foo', namespace: 'foo', verb: 'get' });
    const s = parseRequestInfo('PUT', '/api/v1/namespaces/foo/status');
    expect(s).to.include({ resource: 'namespaces', name: 'foo', subresource: 'status' });
  });

  it('parses group resources and subresources', () => {
    const i = parseRequestInfo('PUT', '/clusters/a/apis/tenancy.kcp.io/v1alpha1/workspaces/w/status');
    expect(i).to.include({
      group: 'tenancy.kcp.io',
      version: 'v1alpha1',
      resource: 'workspaces',
      name: 'w',
      subresource: 'status',
    });
  });

  it('marks discovery and other paths as non-resource requests', () => {
    for (const p of [
      '/api',
      '/api/v1',
      '/apis',
      '/apis/rbac.authorization.k8s.io',
      '/apis/g/v1',
      '/version',
      '/healthz',
    ]) {
      expect(parseRequestInfo('GET', `/clusters/root${p}`).isResourceRequest, p).to.equal(false);
    }
    expect(parseRequestInfo('GET', '/clusters/root').path).to.equal('/');
  });

  it('leaves requests without the prefix without a cluster', () => {
    expect(parseRequestInfo('GET', '/metrics').cluster).to.equal(undefined);
  });

  it('rejects an invalid cluster value with 400', () => {
    expect(() => parseRequestInfo('GET', '/clusters/Bad_Name/api'))
      .to.throw(ApiError)
      .with.property('code', 400);
  });

  it('keeps a second /clusters/ prefix in the path, so it matches no route', () => {
    expect(parseRequestInfo('GET', '/clusters/root/clusters/root/api').path).to.equal('/clusters/root/api');
  });
});

describe('isValidClusterPath', () => {
  it('accepts names, colon paths, system names and the wildcard', () => {
    for (const v of ['root', 'root:org:team', 'yqzkjxmzl9turgsf', 'system:admin', '*', 'user:alice'])
      expect(isValidClusterPath(v), v).to.equal(true);
  });
  it('rejects bad segments', () => {
    for (const v of ['Root', 'root::a', 'a_b', '-a', 'a:', '', 'system:'])
      expect(isValidClusterPath(v), v).to.equal(false);
  });
});

describe('request info: names from field selectors', () => {
  it('takes the name of a list or watch from metadata.name=x, as kube does', () => {
    const list = parseRequestInfo('GET', '/api/v1/namespaces/ns/configmaps?fieldSelector=metadata.name%3Da');
    expect([list.verb, list.name]).to.deep.equal(['list', 'a']);
    const watch = parseRequestInfo('GET', '/api/v1/configmaps?watch=1&fieldSelector=metadata.name%3D%3Db');
    expect([watch.verb, watch.name]).to.deep.equal(['watch', 'b']);
    const other = parseRequestInfo('GET', '/api/v1/configmaps?fieldSelector=metadata.namespace%3Da');
    expect(other.name).to.equal('');
    const negated = parseRequestInfo('GET', '/api/v1/configmaps?fieldSelector=metadata.name!%3Da');
    expect(negated.name).to.equal('');
  });
});

describe('parseRequestInfo of virtual workspace URLs', () => {
  const vw = '/services/apiexport/2r8now1lvqn49tyo/widgets';

  it('splits /services/apiexport/<cluster>/<export>/clusters/<x> and parses the rest', () => {
    const i = parseRequestInfo('GET', `${vw}/clusters/*/apis/example.io/v1/widgets?watch=1`);
    expect(i.virtual).to.deep.equal({
      workspace: 'apiexport',
      params: ['2r8now1lvqn49tyo', 'widgets'],
      prefix: `${vw}/clusters/*`,
      valid: true,
    });
    expect(i).to.include({
      cluster: '*',
      path: '/apis/example.io/v1/widgets',
      verb: 'watch',
      resource: 'widgets',
    });
    const one = parseRequestInfo('POST', `${vw}/clusters/abc123/api/v1/namespaces/default/configmaps`);
    expect(one).to.include({
      cluster: 'abc123',
      verb: 'create',
      namespace: 'default',
      resource: 'configmaps',
    });
    expect(parseRequestInfo('GET', `${vw}/clusters/abc123`)).to.include({
      path: '/',
      isResourceRequest: false,
    });
  });

  it('takes one parameter for the initializing workspaces virtual workspace', () => {
    const i = parseRequestInfo(
      'GET',
      '/services/initializingworkspaces/root:kh-init/clusters/*/apis/core.kcp.io/v1alpha1/logicalclusters',
    );
    expect(i.virtual).to.include({ workspace: 'initializingworkspaces', valid: true });
    expect(i.virtual?.params).to.deep.equal(['root:kh-init']);
    expect(i).to.include({ cluster: '*', resource: 'logicalclusters', verb: 'list' });
  });

  it('marks invalid what kcp does not resolve: a workspace path, no /clusters/, a missing part', () => {
    for (const url of [
      `${vw}/clusters/root:org/apis`,
      `${vw}/apis`,
      '/services/apiexport/onlycluster',
      '/services/apiexport//widgets/clusters/*/apis',
      '/services/unknown/a/b/clusters/*/apis',
    ])
      expect(parseRequestInfo('GET', url).virtual?.valid, url).to.equal(false);
  });
});
