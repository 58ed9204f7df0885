// Which requests kcp sends to a service account's home cluster, and the path they get.

import { expect } from 'chai';
import { inClusterTarget, rewrittenURL } from './service-account-rewrite.js';

const jwt = (payload: object) =>
  `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
const bound = jwt({ 'kubernetes.io': { clusterName: 'abc' } });
const legacy = jwt({ 'kubernetes.io/serviceaccount/clusterName': 'def' });

describe('in-cluster service-account rewrite', () => {
  it('sends bare-path requests with a cluster claim to that cluster', () => {
    expect(inClusterTarget('/api/v1/namespaces', { authorization: `Bearer ${bound}` })).to.equal('abc');
    expect(inClusterTarget('/api', { authorization: `Bearer ${legacy}` })).to.equal('def');
  });

  it('leaves alone prefixed paths, shard requests, other credentials and claims without a cluster', () => {
    expect(inClusterTarget('/clusters/x/api', { authorization: `Bearer ${bound}` })).to.equal(undefined);
    expect(inClusterTarget('/services/x', { authorization: `Bearer ${bound}` })).to.equal(undefined);
    expect(
      inClusterTarget('/api', { authorization: `Bearer ${bound}`, 'x-kubernetes-sharded-request': '1' }),
    ).to.equal(undefined);
    expect(inClusterTarget('/api', { authorization: 'Bearer user-1-token' })).to.equal(undefined);
    expect(inClusterTarget('/api', { authorization: `bearer ${bound}` })).to.equal(undefined);
    expect(inClusterTarget('/api', { authorization: `Bearer ${jwt({ sub: 'x' })}` })).to.equal(undefined);
    expect(inClusterTarget('/api', {})).to.equal(undefined);
  });

  it('joins and cleans the path as Go path.Join does, keeping the query', () => {
    expect(rewrittenURL('/api/v1/namespaces?watch=1&x=/a/../b', 'abc')).to.equal(
      '/clusters/abc/api/v1/namespaces?watch=1&x=/a/../b',
    );
    expect(rewrittenURL('/version/', 'abc')).to.equal('/clusters/abc/version');
    expect(rewrittenURL('/', 'abc')).to.equal('/clusters/abc');
    expect(rewrittenURL('//api//v1', 'abc')).to.equal('/clusters/abc/api/v1');
  });
});
